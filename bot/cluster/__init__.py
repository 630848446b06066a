"""Several coopbot processes on one PostgreSQL database: an ingress that long-polls each
messenger (one process at a time), workers that handle the updates in per-chat order (on
procrastinate's job queue), and leadership per key on PostgreSQL advisory locks."""
