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
OPEN_DISRUPTION_STARTS_AT = "disruption_starts_at"
OPEN_DESCRIPTION = "description"
OPEN_PRIVATE = "private"
#: The value of the checked "private crisis" box.
PRIVATE_CHECKED = "private"

RESOLVE_RESOLUTION = "resolution"


def input_action(block_id: str) -> str:
    """The action_id of the single input element in block `block_id`."""
    return f"{block_id}_input"


# Checklist
CHECKLIST_TOGGLE = "checklist_toggle"
CHECKLIST_GUIDANCE = "checklist_guidance"
STEP_BLOCK_PREFIX = "step:"

# Status updates (leadership)
UPDATE_MODAL = "crisis_update"
UPDATE_WHAT_HAPPENED = "what_happened"
UPDATE_IMPACT = "impact"
UPDATE_ACTIONS = "actions"
UPDATE_NEXT_AT = "next_update_at"
# Leadership: asking the responsible person for an update from the incident's leadership message
REQUEST_UPDATE = "request_update"
# Mentions (negative posts logged into an incident)
SHORTCUT_LOG_MENTION = "log_mention"
MENTION_ACTIONS_BLOCK = "mention_actions"
MENTION_RESPONDED = "mention_responded"
MENTION_MOVED_PRIVATE = "mention_moved_private"
MENTION_HIDE = "mention_hide"
MENTION_IGNORED = "mention_ignored"
MENTION_RECLASSIFY = "mention_reclassify"
MENTION_HIDE_MODAL = "mention_hide_reason"
MENTION_HIDDEN_REASON = "hidden_reason"
MENTION_AWAITING_FIX = "mention_awaiting_fix"
# The monitoring feed: the suggestion's button that opens the pre-filled /crisis open modal
MONITORING_OPEN_CRISIS = "monitoring_open_crisis"
MONITORING_SUGGESTION_BLOCK = "monitoring_suggestion"
# A critical crisis: the prompt to name a senior spokesperson, and its picker
SENIOR_SPOKESPERSON_PICK = "senior_spokesperson_pick"
SPOKESPERSON_MODAL = "spokesperson_pick"
SPOKESPERSON_USER = "spokesperson_user"
# Statements: drafts, approval, check, publication log
DRAFT_MODAL = "statement_draft"
DRAFT_TEXT = "statement_text"
DRAFT_PLATFORMS = "statement_platforms"
DRAFT_TONE = "statement_tone"
DECLINE_MODAL = "statement_decline"
DECLINE_REASON = "decline_reason"
CHECK_MODAL = "statement_check"
CHECK_RESULT_MODAL = "statement_check_result"
CHECK_TEXT = "check_text"
PUBLISH_MODAL = "statement_publish"
PUBLISH_PLATFORM = "publish_platform"
PUBLISH_URL = "publish_url"
PUBLISH_POSTED_TEXT = "publish_posted_text"

STATEMENT_APPROVE = "statement_approve"
STATEMENT_REQUEST_CHANGES = "statement_request_changes"
STATEMENT_REJECT = "statement_reject"
STATEMENT_LOG_PUBLICATION = "statement_log_publication"
STATEMENT_ACTIONS_BLOCK = "statement_actions"

# Message shortcuts (callback_id; the manifest lists them)
SHORTCUT_PROPOSE_STATEMENT = "propose_statement"
SHORTCUT_CHECK_STATEMENT = "check_statement"
# Deadlines: the header's button that moves the first negative post, and its modal
EDIT_FIRST_POST = "edit_first_post"
FIRST_POST_MODAL = "crisis_first_post"
FIRST_POST_WHEN = "first_post_when"
# Drills: the block that heads a drill's scorecard
DRILL_SCORECARD_BLOCK = "drill_scorecard"
# Snoozing a reminder that is not a hard 12h/48h mark: the reminder's button and its modal
SNOOZE_REMINDER = "snooze_reminder"
SNOOZE_MODAL = "reminder_snooze"
SNOOZE_FOR = "snooze_for"
SNOOZE_REASON = "snooze_reason"
