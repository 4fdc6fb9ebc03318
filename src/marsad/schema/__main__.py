"""python -m marsad.schema [PATH]: write the schema derived from the data model (`make schema`)."""

import sys
from importlib import resources

from marsad.schema import SCHEMA_FILE, write_schema

write_schema(sys.argv[1] if len(sys.argv) > 1 else str(resources.files("marsad.schema") / SCHEMA_FILE))
