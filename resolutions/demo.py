"""Demo quarterly resolutions."""


def seed_resolutions() -> None:
    """Create a resolution for each demo quarter; idempotent."""
