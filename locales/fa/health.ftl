# The health endpoints of a process (bot/cluster/health.py)
cli-health-port = نشانی‌های سلامت نمی‌توانند روی { $host }:{ $port } گوش دهند (HEALTH_HOST، HEALTH_PORT): { $problem }.
