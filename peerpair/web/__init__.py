"""peerpair's local web page (SPEC 11): everything the command line does, for leads who do not
use a terminal. Starlette serves server-rendered Jinja2 pages; htmx (vendored in static/)
updates the progress bar; uvicorn listens on 127.0.0.1 only."""
