"""The open, read-only JSON API at /api/ (Django REST framework).

Anyone may read it, from any site (CORS), and nobody may write through it. Its
answers are cached whole like the pages (copaperu/page_cache.py), so each one
depends on its address alone: the format too comes from the address
(negotiation.py), never from the Accept header. Reads are the pages' own
(tournaments/selectors.py and the QuerySet methods): drafts never appear.
"""
