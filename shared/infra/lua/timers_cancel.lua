-- Cancel one timer. Returns 1 if it was pending, 0 otherwise.
-- KEYS[1] = timers ZSET, KEYS[2] = timer_data HASH
-- ARGV[1] = timer_id
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return removed
