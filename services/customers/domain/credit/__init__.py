"""The credit file (诚信档案) and credit control, as pure functions over data.

- ``text``, ``registration``, ``address``, ``contacts``: master-data values (统一社会信用代码
  checked, structured addresses for letters, business roles of contacts, hostile text refused);
- ``facts``, ``file``, ``integrity``: the three tables — basic information, the business
  condition survey, and the integrity record derived from facts the other services report;
- ``scorecard``, ``measures``, ``rating``: a versioned, transparent scorecard and the
  rating it gives (grade, score, every factor's contribution), overrides and what-ifs;
- ``policy``, ``approval``, ``exposure``, ``check``: credit terms by grade, the two-person
  rule for limit increases, and the order credit check with every reason;
- ``rewards``: points and rebates for prompt payers; ``csv_import``: bulk master data.

Nothing here reads a clock, opens a connection or draws a random id: dates and ids are
arguments, and the same inputs always give the same answer.
"""
