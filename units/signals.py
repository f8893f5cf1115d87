"""What the organisation's writes tell the apps built on it (which units may not import)."""

from django.dispatch import Signal

# A cell now belongs to another battalion: sent with `cell` and `from_battalion_id`, inside
# the transaction that moved it.
cell_moved = Signal()
