"""The queue's settings and log lines."""

from __future__ import annotations

import logging

import pytest

from bot.cluster.queue import HideJobArguments, NotPostgres, psycopg_conninfo


def test_the_asyncpg_url_becomes_a_libpq_conninfo():
    info = psycopg_conninfo("postgresql+asyncpg://coop:s3cret@db.example:6543/office?ssl=require")
    assert set(info.split()) == {
        "host=db.example",
        "port=6543",
        "user=coop",
        "password=s3cret",
        "dbname=office",
        "sslmode=require",
    }
    with pytest.raises(NotPostgres):
        psycopg_conninfo("sqlite+aiosqlite:///data/coopbot.sqlite3")


def test_job_log_lines_keep_the_job_and_hide_what_the_person_wrote():
    call = "coopbot.handle_update[17](messenger='telegram', update={'text': 'کد ملی ۰۰۷۶ (x)'})"
    record = logging.LogRecord(
        "procrastinate.worker",
        logging.ERROR,
        __file__,
        1,
        "Job %s ended with status: Error, lasted 0.010 s",
        (call,),
        None,
    )
    assert HideJobArguments().filter(record)
    assert record.getMessage() == (
        "Job coopbot.handle_update[17](…) ended with status: Error, lasted 0.010 s"
    )
