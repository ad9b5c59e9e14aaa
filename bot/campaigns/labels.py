"""The Dutch words a campaign team reads in the dashboard, the CSV export and the charts."""

from __future__ import annotations

from bot.helpdesk.labels import CHANNELS, outcome_label, scam_label

TARGET_GROUPS: dict[str, str] = {
    "ouderen": "Ouderen",
    "jongeren": "Jongeren",
    "ondernemers": "Ondernemers",
    "laaggeletterden": "Laaggeletterden",
    "algemeen": "Iedereen",
}

# A code that is not (or no longer) in the campaigns table: counted, but under this name,
# so free text typed into a link never reaches the figures.
UNKNOWN = "onbekend"
NO_CAMPAIGN_LABEL = "Geen campagne"
UNKNOWN_CAMPAIGN_LABEL = "Onbekende campagne"
NO_TARGET_GROUP_LABEL = "Geen"
UNKNOWN_TARGET_GROUP_LABEL = "Onbekend"

METRICS: dict[str, str] = {
    "conversations": "Gesprekken",
    "urgent": "Met spoed",
    "handoffs": "Naar vrijwilliger",
    "helped_yes": "Geholpen: ja",
    "helped_no": "Geholpen: nee",
}
OUTCOME_PREFIX = "outcome:"

SUPPRESSED = "< 5"
SUPPRESSED_WORDS = "minder dan 5"


def counted_campaign_label(campaign: str) -> str:
    """A campaign as counted (known code, 'onbekend' or '') for people."""
    if not campaign:
        return NO_CAMPAIGN_LABEL
    if campaign == UNKNOWN:
        return UNKNOWN_CAMPAIGN_LABEL
    return campaign


def target_group_label(target_group: str) -> str:
    if not target_group:
        return NO_TARGET_GROUP_LABEL
    if target_group == UNKNOWN:
        return UNKNOWN_TARGET_GROUP_LABEL
    return TARGET_GROUPS.get(target_group, target_group)


def channel_label(channel: str) -> str:
    return CHANNELS.get(channel, channel)


def scam_type_label(scam_type: str) -> str:
    return scam_label(scam_type)


def metric_label(metric: str) -> str:
    if metric.startswith(OUTCOME_PREFIX):
        return "Afgesloten: " + outcome_label(metric.removeprefix(OUTCOME_PREFIX)).lower()
    return METRICS.get(metric, metric)
