"""Demo cadets and their admission history (filled in by the pipeline demo)."""


def seed_people(cells) -> None:
    """Create the demo battalion's people; idempotent."""
