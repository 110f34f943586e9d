"""The bare Flask "hello" that bench/load_workshop.py serves beside Yhdessä, on the same
gunicorn settings, as the yardstick for the live pages' throughput."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
