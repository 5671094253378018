"""Seasons in and out of the database, in the formats other sites use.

Each format is a package of its own: ``parse`` reads a document into plain
data, ``load`` writes that into the database and ``write`` turns a season
back into a document. What the loaders share (writing a row through
``full_clean``, the report, free slugs, the dry run, the error they raise)
is in ``base``; finding a team by its name, code or alias is in ``teams``.
The package builds on the models, the services and the standings engine;
none of those imports it.
"""
