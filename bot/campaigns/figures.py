"""Weekly counts per campaign, channel, target group and scam type, without personal data.

The figures are live data (conversations, their cases and feedback still in the database)
plus WeeklyFigure, the aggregates of conversations that have been deleted. Before a
conversation is deleted (the retention job, or the resident's 'Verwijder dit gesprek'),
`fold_conversation` adds its counts to WeeklyFigure in the same transaction as the delete,
so the figures stay the same after the delete.

Both routes count with `conversation_counts`, so they cannot drift apart. Where a count
lands:
- visits: every conversation row, typed in or not (opening the widget page or '/start'
  makes one): the week it started; its campaign and channel; the scam type from
  `conversation_scam_type`.
- conversations, urgent: the same key, but only once the resident sent a message
  (Conversation.last_resident_at is set), so six page opens without typing are six visits
  and no conversation. urgent counts a conversation once if the assistant found damage in
  it or any of its cases is urgent.
- handoffs: one per case, in the week the case was opened, with the case's own scam type.
- outcome:<outcome>: one per closed case, in the week it was closed.
- helped_yes / helped_no: one per 'heeft dit geholpen?' answer, in the week it was given,
  with the scam type it was given for.
- drafts_started / drafts_finished: one per report draft (bot/reports/), in the week it was
  started and the week it was finished, with the draft's own scam type. Nothing of its
  facts is counted. A draft deleted while its conversation stays ('verwijder mijn
  gegevens', a new report replacing a finished one) is folded on its own
  (`fold_report_draft`).

Campaign and target group in a row: a code in the campaigns table counts under the code and
the campaign's target group; any other code under 'onbekend' / 'onbekend'; no code under
'' / '' (shown as 'Geen campagne'). Scam type '' means not known.

Cases outlive their conversation (their conversation_id becomes NULL). Live counting only
counts cases whose conversation still exists: the others have been folded. Feedback rows are
deleted when folded, so any feedback row still in the database is live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.campaigns.labels import OUTCOME_PREFIX, UNKNOWN, CampaignName
from bot.campaigns.links import campaign_label
from bot.campaigns.models import Campaign, Feedback, WeeklyFigure
from bot.campaigns.weeks import iso_week
from bot.conversation.states import CaseStatus
from bot.models import Case, Conversation, as_utc
from bot.reports.models import ReportDraftRow

DRAFT_STARTED = "drafts_started"
DRAFT_FINISHED = "drafts_finished"


class FigureKey(NamedTuple):
    week: str
    campaign: str
    channel: str
    target_group: str
    scam_type: str
    metric: str


class FigureRow(NamedTuple):
    """One count: (week, campaign, channel, target_group, scam_type, metric, count)."""

    week: str
    campaign: str
    channel: str
    target_group: str
    scam_type: str
    metric: str
    count: int


KEY_COLUMNS = tuple(FigureKey._fields)


def conversation_scam_type(
    conversation: Conversation, cases: Sequence[Case], feedback: Sequence[Feedback]
) -> str:
    """The scam type a conversation counts under: what the assistant last recognised,
    else that of its latest case that has one, else that of its latest feedback answer
    that has one, else '' (not known)."""
    if conversation.scam_type:
        return str(conversation.scam_type)
    for rows in (cases, feedback):
        typed = [row for row in rows if row.scam_type]
        if typed:
            latest = max(typed, key=lambda row: (as_utc(row.created_at), row.id or 0))
            return str(latest.scam_type)
    return ""


async def target_groups(session: AsyncSession) -> dict[str, str]:
    """Campaign code -> target group, for every campaign in the table."""
    result = await session.execute(select(Campaign.code, Campaign.target_group))
    return {code: group for code, group in result.tuples()}


async def campaign_names(session: AsyncSession) -> dict[str, CampaignName]:
    """Code -> name and municipality of every campaign, archived ones too (their figures
    stay), in the order of their names."""
    result = await session.execute(
        select(Campaign.code, Campaign.name, Campaign.municipality, Campaign.archived_at)
    )
    rows = sorted(result.tuples(), key=lambda row: (row[1].casefold(), row[0]))
    return {
        code: CampaignName(name, municipality or None, archived is not None)
        for code, name, municipality, archived in rows
    }


def _campaign_and_group(code: str | None, groups: Mapping[str, str]) -> tuple[str, str]:
    campaign = campaign_label(code, groups)
    if not campaign:
        return "", ""
    if campaign == UNKNOWN:
        return UNKNOWN, UNKNOWN
    return campaign, groups[campaign]


def _key(
    moment: datetime,
    code: str | None,
    channel: str,
    scam_type: str | None,
    metric: str,
    groups: Mapping[str, str],
) -> FigureKey:
    campaign, group = _campaign_and_group(code, groups)
    return FigureKey(iso_week(moment), campaign, channel, group, scam_type or "", metric)


def feedback_counts(feedback: Iterable[Feedback], groups: Mapping[str, str]) -> Counter[FigureKey]:
    counts: Counter[FigureKey] = Counter()
    for answer in feedback:
        metric = "helped_yes" if answer.helped else "helped_no"
        key = _key(
            answer.created_at, answer.campaign, answer.channel, answer.scam_type, metric, groups
        )
        counts[key] += 1
    return counts


def report_draft_counts(
    conversation: Conversation, draft: ReportDraftRow, groups: Mapping[str, str]
) -> Counter[FigureKey]:
    """A report draft: started, and finished if it was (each in its own week)."""
    counts: Counter[FigureKey] = Counter()

    def key(moment: datetime, metric: str) -> FigureKey:
        return _key(
            moment, conversation.campaign, conversation.channel, draft.scam_type, metric, groups
        )

    counts[key(draft.started_at, DRAFT_STARTED)] += 1
    if draft.finished_at is not None:
        counts[key(draft.finished_at, DRAFT_FINISHED)] += 1
    return counts


def conversation_counts(
    conversation: Conversation,
    cases: Sequence[Case],
    feedback: Sequence[Feedback],
    groups: Mapping[str, str],
    drafts: Sequence[ReportDraftRow] = (),
) -> Counter[FigureKey]:
    """Everything one conversation adds to the figures (see the module docstring)."""
    counts: Counter[FigureKey] = Counter()
    scam_type = conversation_scam_type(conversation, cases, feedback)

    def conversation_key(metric: str) -> FigureKey:
        return _key(
            conversation.created_at,
            conversation.campaign,
            conversation.channel,
            scam_type,
            metric,
            groups,
        )

    counts[conversation_key("visits")] += 1
    if conversation.last_resident_at is not None:
        counts[conversation_key("conversations")] += 1
        if conversation.urgent or any(case.urgent for case in cases):
            counts[conversation_key("urgent")] += 1
    for case in cases:
        counts[
            _key(case.created_at, case.campaign, case.channel, case.scam_type, "handoffs", groups)
        ] += 1
        if case.status == CaseStatus.CLOSED and case.outcome:
            metric = (OUTCOME_PREFIX + case.outcome)[:24]
            closed = case.closed_at or case.created_at
            counts[_key(closed, case.campaign, case.channel, case.scam_type, metric, groups)] += 1
    counts.update(feedback_counts(feedback, groups))
    for draft in drafts:
        counts.update(report_draft_counts(conversation, draft, groups))
    return counts


async def _add_figure(session: AsyncSession, key: FigureKey, count: int) -> None:
    """Add count to the WeeklyFigure row of key (an upsert on SQLite and PostgreSQL)."""
    values = {**key._asdict(), "count": count}
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        statement = insert(WeeklyFigure).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=list(KEY_COLUMNS),
            set_={"count": WeeklyFigure.count + statement.excluded["count"]},
        )
        await session.execute(statement)
        return
    result = await session.execute(
        select(WeeklyFigure).filter_by(**key._asdict()).with_for_update()
    )
    figure = result.scalar_one_or_none()
    if figure is None:
        session.add(WeeklyFigure(**values))
    else:
        figure.count += count


async def fold_conversation(
    session: AsyncSession, conversation: Conversation
) -> Counter[FigureKey]:
    """Add a conversation's counts to WeeklyFigure and delete its feedback rows.

    Call it just before deleting the conversation, in the same session and transaction (and
    after its open cases have been closed, so their outcome counts); the caller commits.
    Calling it twice for one conversation counts it twice. Returns what was added.
    """
    groups = await target_groups(session)
    cases = list(
        (await session.execute(select(Case).where(Case.conversation_id == conversation.id)))
        .scalars()
        .all()
    )
    feedback = list(
        (await session.execute(select(Feedback).where(Feedback.conversation_id == conversation.id)))
        .scalars()
        .all()
    )
    draft = await session.get(ReportDraftRow, conversation.id)
    drafts = [draft] if draft is not None else []
    counts = conversation_counts(conversation, cases, feedback, groups, drafts)
    for key, count in sorted(counts.items()):
        await _add_figure(session, key, count)
    await session.execute(delete(Feedback).where(Feedback.conversation_id == conversation.id))
    return counts


async def fold_report_draft(
    session: AsyncSession, conversation: Conversation, draft: ReportDraftRow
) -> Counter[FigureKey]:
    """Add one report draft's counts to WeeklyFigure, just before the draft alone is
    deleted (its conversation stays, so fold_conversation will not see it)."""
    counts = report_draft_counts(conversation, draft, await target_groups(session))
    for key, count in sorted(counts.items()):
        await _add_figure(session, key, count)
    return counts


async def weekly_counts(
    session: AsyncSession,
    *,
    first_week: str | None = None,
    last_week: str | None = None,
    campaigns: Collection[str] | None = None,
) -> list[FigureRow]:
    """All figures (live data plus WeeklyFigure), true counts, sorted by key.

    Optional filters: weeks from first_week to last_week (both included, '2026-W47') and
    campaigns (as counted: codes, 'onbekend', '' for none). The counts are not suppressed:
    show or export them only through bot.campaigns.tables.
    """
    groups = await target_groups(session)
    counts: Counter[FigureKey] = Counter()

    conversations = list((await session.execute(select(Conversation))).scalars().all())
    cases_of: dict[str, list[Case]] = {}
    result = await session.execute(select(Case).where(Case.conversation_id.is_not(None)))
    for case in result.scalars():
        cases_of.setdefault(str(case.conversation_id), []).append(case)
    feedback_of: dict[str, list[Feedback]] = {}
    loose_feedback: list[Feedback] = []
    for answer in (await session.execute(select(Feedback))).scalars():
        if answer.conversation_id is None:
            loose_feedback.append(answer)
        else:
            feedback_of.setdefault(answer.conversation_id, []).append(answer)

    drafts = (await session.execute(select(ReportDraftRow))).scalars()
    drafts_of = {row.conversation_id: [row] for row in drafts}

    for conversation in conversations:
        counts.update(
            conversation_counts(
                conversation,
                cases_of.get(conversation.id, []),
                feedback_of.pop(conversation.id, []),
                groups,
                drafts_of.get(conversation.id, []),
            )
        )
    # Feedback whose conversation was deleted without folding still counts.
    for answers in feedback_of.values():
        loose_feedback.extend(answers)
    counts.update(feedback_counts(loose_feedback, groups))

    for figure in (await session.execute(select(WeeklyFigure))).scalars():
        key = FigureKey(
            figure.week,
            figure.campaign,
            figure.channel,
            figure.target_group,
            figure.scam_type,
            figure.metric,
        )
        counts[key] += figure.count

    rows = [FigureRow(*key, count) for key, count in sorted(counts.items()) if count]
    return [
        row
        for row in rows
        if (first_week is None or row.week >= first_week)
        and (last_week is None or row.week <= last_week)
        and (campaigns is None or row.campaign in campaigns)
    ]
