"""What several gateway workers share (README: Shared state): event streams, rate
limits and the one-at-a-time handling of a conversation through Redis (REDIS_URL) and
PostgreSQL (DATABASE_URL), and background jobs that run in one worker at a time.
With neither set, everything stays in this process, as with one worker."""
