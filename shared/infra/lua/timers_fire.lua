-- Move up to ARGV[2] due timers (score <= ARGV[1]) into the due stream, atomically.
-- KEYS[1] = timers ZSET, KEYS[2] = timer_data HASH, KEYS[3] = due stream
-- ARGV[1] = now epoch ms, ARGV[2] = limit
-- Each due entry: __data__ = Timer JSON, timer_id = id. Returns the count moved.
-- A member without data (should not happen) is dropped, not fired.
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, ARGV[2])
local moved = 0
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[2], id)
  if json then
    redis.call('XADD', KEYS[3], '*', '__data__', json, 'timer_id', id)
    moved = moved + 1
  end
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
end
return moved
