-- Keep a consumer's claim on entries it still owns fresh (reset their idle time), so a
-- reclaimer elsewhere never takes entries that wait in a live consumer's batch. An entry
-- another consumer has taken meanwhile is left alone (never stolen back) and not returned.
--
-- KEYS: 1 stream
-- ARGV: 1 group, 2 consumer, then the entry ids
-- Returns the ids still owned by the consumer.
local kept = {}
for i = 3, #ARGV do
  local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #mine > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    kept[#kept + 1] = ARGV[i]
  end
end
return kept
