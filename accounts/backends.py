"""Sign-in backend: Django's, with what every request asks of the signed-in user read at once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ScopedModelBackend(ModelBackend):
    """Reads a user's cell with the user: a cell secretary's scope is the cell's battalion,
    asked on every request (the cell was a query of its own on each of their pages)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("cell").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
