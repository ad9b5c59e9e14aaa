"""The Dutch words a campaign team reads in the dashboard, the CSV export and the charts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

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
    # Every opened chat (a page open or '/start'); a conversation needs a resident message.
    "visits": "Bezoeken",
    "conversations": "Gesprekken",
    "urgent": "Met spoed",
    "handoffs": "Naar vrijwilliger",
    "helped_yes": "Geholpen: ja",
    "helped_no": "Geholpen: nee",
}
OUTCOME_PREFIX = "outcome:"
# Report drafts (Aangifte voorbereiden): a table of their own, per week and scam type;
# kept out of METRICS, so the other tables keep their columns.
DRAFT_METRICS: dict[str, str] = {
    "drafts_started": "Aangifte voorbereid: begonnen",
    "drafts_finished": "Aangifte voorbereid: af",
}

SUPPRESSED = "< 5"
SUPPRESSED_WORDS = "minder dan 5"


TOO_FEW_CASES = "te weinig zaken"


class CampaignName(NamedTuple):
    """What a team calls a campaign: its name and municipality (the figures count codes)."""

    name: str
    municipality: str | None = None
    archived: bool = False


CampaignNames = Mapping[str, CampaignName]


def counted_campaign_label(campaign: str, names: CampaignNames | None = None) -> str:
    """A campaign as counted (known code, 'onbekend' or '') for people: 'Laat je niet
    interneppen, Utrecht (flyer-utr)'; the bare code when its name is not known."""
    if not campaign:
        return NO_CAMPAIGN_LABEL
    if campaign == UNKNOWN:
        return UNKNOWN_CAMPAIGN_LABEL
    known = (names or {}).get(campaign)
    if known is None:
        return campaign
    where = f", {known.municipality}" if known.municipality else ""
    return f"{known.name}{where} ({campaign})"


def campaign_name(campaign: str, names: CampaignNames | None = None) -> str:
    """The name alone (CSV column 'Campagne'), 'Geen campagne' / 'Onbekende campagne'."""
    known = (names or {}).get(campaign)
    if known is None:
        return counted_campaign_label(campaign)
    return known.name


def campaign_municipality(campaign: str, names: CampaignNames | None = None) -> str:
    known = (names or {}).get(campaign)
    return (known.municipality or "") if known else ""


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
    return METRICS.get(metric) or DRAFT_METRICS.get(metric, metric)
