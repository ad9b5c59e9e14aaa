"""What routes receive from FastAPI's dependency injection, instead of reaching into
`app.state`: the gateway, the volunteer desk, the team, canned replies, the settings
and a database session. The lifespan in bot/web.py puts the objects on `app.state`;
nothing else reads `app.state`. The getters are `async def` though they wait for
nothing: FastAPI runs a plain `def` dependency in its thread pool, a thread hop for
every request (2 % of a gateway worker's CPU under the launch bench)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.gateway import Gateway
from bot.helpdesk.canned import CannedReplies
from bot.helpdesk.desk import Desk
from bot.helpdesk.holding import Holding
from bot.helpdesk.team import Team
from bot.settings import Settings


async def get_gateway(request: Request) -> Gateway:
    return request.app.state.gateway


async def get_desk(request: Request) -> Desk:
    return request.app.state.desk


async def get_team(request: Request) -> Team:
    return request.app.state.team


async def get_holding(request: Request) -> Holding:
    return request.app.state.holding


async def get_canned(request: Request) -> CannedReplies:
    return request.app.state.canned


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_session(
    gateway: Annotated[Gateway, Depends(get_gateway)],
) -> AsyncIterator[AsyncSession]:
    """One session per request; routes commit what they change."""
    async with gateway.sessions() as session:
        yield session


GatewayDep = Annotated[Gateway, Depends(get_gateway)]
DeskDep = Annotated[Desk, Depends(get_desk)]
TeamDep = Annotated[Team, Depends(get_team)]
HoldingDep = Annotated[Holding, Depends(get_holding)]
CannedDep = Annotated[CannedReplies, Depends(get_canned)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
