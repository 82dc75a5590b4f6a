-- Schedule (or re-schedule) one durable timer; idempotent by timer id.
-- KEYS[1] = timers ZSET, KEYS[2] = timer_data HASH
-- ARGV[1] = timer_id, ARGV[2] = due epoch ms (integer), ARGV[3] = Timer JSON
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
