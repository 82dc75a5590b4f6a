"""The analytics core, pure: facts folded into a receivables book, and the reports read from it.

Every report takes ``as_of`` and uses only what was effective by then; every rate keeps its
numerator and denominator; formulas and their sources are in docs/metrics.md.
"""

from services.analytics.domain.aging import BUCKETS, AgingTable, aging, bucket_of
from services.analytics.domain.book import Book
from services.analytics.domain.casework import plan_completion_rate, promise_kept_rate
from services.analytics.domain.cei import CeiMonth, cei
from services.analytics.domain.collectors import CollectorRow, collector_activity
from services.analytics.domain.cure import CureTable, cure_rates
from services.analytics.domain.disputes import DisputeReport, disputes
from services.analytics.domain.dso import DsoReport, count_back, dso
from services.analytics.domain.errors import AnalyticsError, ConflictingFact, InvalidPeriod
from services.analytics.domain.facts import Fact
from services.analytics.domain.figures import NO_DATA, Period, Ratio
from services.analytics.domain.recovery import AGING_BANDS, SEED_BANDS, RecoveryTable, recovery

__all__ = [
    "AGING_BANDS",
    "BUCKETS",
    "NO_DATA",
    "SEED_BANDS",
    "AgingTable",
    "AnalyticsError",
    "Book",
    "CeiMonth",
    "CollectorRow",
    "ConflictingFact",
    "CureTable",
    "DisputeReport",
    "DsoReport",
    "Fact",
    "InvalidPeriod",
    "Period",
    "Ratio",
    "RecoveryTable",
    "aging",
    "bucket_of",
    "cei",
    "collector_activity",
    "count_back",
    "cure_rates",
    "disputes",
    "dso",
    "plan_completion_rate",
    "promise_kept_rate",
    "recovery",
]
