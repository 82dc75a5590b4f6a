"""The FastAPI edge every service shares: auth, the HTTP answers of domain errors, admin,
AsyncAPI, health and readiness routes, the request-size limit."""
