"""The bodies and regions kept per process (linze.reference): every dispute page and transition names
them, an administrator edits them rarely."""

from agencies.models import Body, Region
from linze.reference import ReferenceTable

BODIES = ReferenceTable(Body)
REGIONS = ReferenceTable(Region)
