"""Analytics: the read side that measures collection — aging, DSO, CEI, recovery, cure rates."""
