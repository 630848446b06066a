# The health endpoints of a process (bot/cluster/health.py)
cli-health-port = The health endpoints cannot listen on { $host }:{ $port } (HEALTH_HOST, HEALTH_PORT): { $problem }.
