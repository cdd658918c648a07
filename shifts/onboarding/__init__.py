"""Onboarding: the charter before one's own sign-ups, a briefing before a first shift at a site, a buddy on
the first day, and each site's practical guide.

rules.py holds the checks shifts.services.sign_up applies; services.py the writes (booking a briefing and a
shift together, waiving a briefing, setting a buddy), re-exported by shifts.services; selectors.py the reads
the pages and messages show.
"""
