"""The platform's calls to the app, as Django signals sent by the webhook view.

Each is sent with ``sender`` the :class:`maestrano.Config` the call was authenticated against,
``event`` (the :data:`maestrano.webhooks.WebhookEvent`: ``group_id``, ``user_id``,
``local_user_id``, ``tenant``) and ``request``. A receiver's exception propagates: the platform
gets an error (and retries) rather than a success for an unhandled call. ::

    from django.dispatch import receiver
    from maestrano.django.signals import group_cancelled

    @receiver(group_cancelled)
    def cancel(sender, event, **kwargs):
        Subscription.objects.filter(group_uid=event.group_id).delete()
"""

from django.dispatch import Signal

__all__ = ["group_cancelled", "member_removed", "connec_notification"]

#: A group cancelled its subscription to the app (``event.group_id``).
group_cancelled = Signal()
#: A user left a group (``event.group_id``, ``event.user_id``, ``event.local_user_id``).
member_removed = Signal()
#: Connec! records changed: also sent ``records``, ``{entity: [record dicts]}``.
connec_notification = Signal()
