"""What the platform told the demo, kept in memory (a real app uses its database): the
receivers of :mod:`maestrano.django.signals` and the group hook refusing cancelled groups."""

from typing import Any, List, Set

from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from maestrano.django.signals import connec_notification, group_cancelled, member_removed
from maestrano.web import SignIn

events: List[str] = []
cancelled_groups: Set[str] = set()
removed_members: Set[str] = set()


@receiver(group_cancelled)
def on_group_cancelled(sender: Any, event: Any, **kwargs: Any) -> None:
    """The group's users are signed out (next page) and refused from now on."""
    cancelled_groups.add(event.group_id)
    events.append(f"group {event.group_id} cancelled")


@receiver(member_removed)
def on_member_removed(sender: Any, event: Any, **kwargs: Any) -> None:
    """Remember the removed member."""
    removed_members.add(event.local_user_id)
    events.append(f"member {event.user_id} removed from {event.group_id} (local user {event.local_user_id})")


@receiver(connec_notification)
def on_connec_notification(sender: Any, event: Any, records: Any, **kwargs: Any) -> None:
    """Log what changed in Connec!."""
    for entity, batch in records.items():
        events.append(f"Connec! {entity}: {len(batch)} record(s) changed")


def refuse_cancelled_groups(user: Any, signin: SignIn) -> None:
    """``GROUP_HOOK``: a cancelled group may not sign in any more."""
    if signin.user["group_uid"] in cancelled_groups:
        raise PermissionDenied(f"group {signin.user['group_uid']} has cancelled the app")
