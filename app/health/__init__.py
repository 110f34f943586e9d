"""Liveness and database check for load balancers and monitors."""

from flask import Blueprint

bp = Blueprint("health", __name__)
