"""Every callback, block and action id, shared by handlers and templates (templates get them as `ids`)."""

from __future__ import annotations

COMMAND = "/crisis"

# Modals (callback_id)
OPEN_MODAL = "crisis_open"
RESOLVE_MODAL = "crisis_resolve"

# Fields of the open modal: block_id == the field name the domain validates, action_id == block_id + "_input"
OPEN_TITLE = "title"
OPEN_CASE = "case"
OPEN_SEVERITY = "severity"
OPEN_LANGUAGE = "language"
OPEN_RESPONSIBLE = "responsible"
OPEN_FIRST_NEGATIVE_AT = "first_negative_at"
OPEN_FIRST_POST_URL = "first_post_url"
OPEN_DESCRIPTION = "description"

RESOLVE_RESOLUTION = "resolution"


def input_action(block_id: str) -> str:
    """The action_id of the single input element in block `block_id`."""
    return f"{block_id}_input"


# Checklist
CHECKLIST_TOGGLE = "checklist_toggle"
CHECKLIST_GUIDANCE = "checklist_guidance"
STEP_BLOCK_PREFIX = "step:"

# Deadlines: the header's button that moves the first negative post, and its modal
EDIT_FIRST_POST = "edit_first_post"
FIRST_POST_MODAL = "crisis_first_post"
FIRST_POST_WHEN = "first_post_when"
