"""Demo content for trying the product out (``flask --app wsgi seed demo``)."""
