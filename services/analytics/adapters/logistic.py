"""Fitting the recovery model with scikit-learn: standardised features, L2-regularised
logistic regression (lbfgs), the fitted numbers handed back as a pure ``LogisticModel``."""

from __future__ import annotations

from services.analytics.domain.prediction import Example, LogisticModel


def fit_logistic(examples: list[Example]) -> LogisticModel:
    # Imported on the first fit, not at start: numpy and scikit-learn take seconds to load.
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([e.features for e in examples], dtype=float)
    y = np.array([e.recovered for e in examples], dtype=int)
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(max_iter=1000).fit(scaler.transform(x), y)
    scales = tuple(float(s) if s > 0 else 1.0 for s in scaler.scale_)
    return LogisticModel(
        intercept=float(model.intercept_[0]),
        weights=tuple(float(w) for w in model.coef_[0]),
        means=tuple(float(m) for m in scaler.mean_),
        scales=scales,
    )
