"""Tables, migrations, queries and commands. SQLite by default, PostgreSQL for scale.

Every command is one function and one transaction: it writes the new state, a
revision, and appends Changes with the blog's next sequence numbers.
"""
