"""Event cards (title, text, the historical note, and the choice when a human must answer) and the summary of a
day shown at the turn change. Both are dialogs over the map, built on the frame's `Dialog`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from petrograd1917.engine.actions import Action
from petrograd1917.engine.standing import Standing, standings
from petrograd1917.scenario.model import Event
from petrograd1917.ui import widgets
from petrograd1917.ui.dialogs import Dialog
from petrograd1917.ui.rules_text import effect_lines, score_moves

if TYPE_CHECKING:
    from petrograd1917.engine.state import GameState
    from petrograd1917.ui.app import App


EFFECTS_LINE, EFFECTS_LINES = 22, 4  # room under an answer's button for what it does: up to 4 lines, then it scrolls


class EventCard(Dialog):
    """One event as a card. With `options` (CHOOSE orders) the player must pick one; `on_answer` gets it (or None
    for a card that is only read). `effects` holds each option's consequences in game terms (HTML), shown under
    its button, so the player knows what an answer does before picking it."""

    width = 680

    def __init__(
        self,
        app: App,
        event: Event,
        options: list[tuple[str, Action]],
        on_answer: Callable[[Action | None], None],
        chooser_name: str = "",
        whos_who: str = "",
        effects: tuple[str, ...] = (),
    ) -> None:
        super().__init__(app, event.title, event.text)
        self.event = event
        self.options = options
        self.on_answer = on_answer
        self.chooser_name = chooser_name
        self.whos_who = whos_who  # HTML lines explaining the names on the card
        self.effects = effects if len(effects) == len(options) else ()
        self.option_buttons: dict[pygame_gui.elements.UIButton, Action | None] = {}
        words = len(event.text) + len(event.note) + len(whos_who) // 2 + 60 * len(event.text.split("\n\n"))
        lines = max((e.count("<br>") + 1 for e in self.effects), default=0)
        self.effects_h = EFFECTS_LINE * min(lines, EFFECTS_LINES) + 22 if self.effects else 0  # + the box's margins
        per_option = self.effects_h + 50 if self.effects else 44
        self.height = min(620, 190 + 24 * (words // 62 + 3) + per_option * max(1, len(options)))

    def build(self) -> None:
        r = self.panel_rect
        pad = self.s(18)
        pygame_gui.elements.UIPanel(r, manager=self.manager, starting_height=1)
        widgets.label(self, pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, self.s(30)), self.title, "subtitle")
        n_buttons = max(1, len(self.options))
        bh, gap = self.s(38), self.s(6)
        under = self.s(self.effects_h)  # each answer's effects under its button
        buttons_h = n_buttons * (bh + under) + (n_buttons - 1) * gap
        body_h = r.h - 2 * pad - self.s(40) - buttons_h - self.s(12)
        body = pygame.Rect(r.x + pad, r.y + pad + self.s(38), r.w - 2 * pad, body_h)
        text = widgets.paragraphs(self.event.text)
        if self.event.note:
            text += f"<br><br><font color='#d9b45f'><i>In history:</i></font> <i>{widgets.esc(self.event.note)}</i>"
        if self.whos_who:
            text += "<br><br>" + self.whos_who
        if self.options:
            text += f"<br><br><b>{widgets.esc(self.chooser_name)} must decide:</b>"
        widgets.text_box(self, body, text, "message_box")
        self.option_buttons = {}
        y = body.bottom + self.s(12)
        entries: list[tuple[str, Action | None]] = list(self.options) or [("Continue", None)]
        effects: list[str] = list(self.effects) or [""] * len(entries)
        for (label, action), html in zip(entries, effects, strict=True):
            rect = pygame.Rect(r.x + pad, y, r.w - 2 * pad, bh)
            # no hover: the effects stand under the button already, and a tooltip would cover the next answer
            button = widgets.button(self, rect, label, style="primary" if action is None else "")
            self.option_buttons[button] = action
            y += bh
            if html:
                widgets.text_box(self, pygame.Rect(rect.x, y, rect.w, under), html, "compact")
                y += under
            y += gap

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.option_buttons:
            self.close(self.option_buttons[event.ui_element])
            return True
        if (
            event.type == pygame.KEYDOWN
            and not self.options
            and event.key
            in (
                pygame.K_RETURN,
                pygame.K_KP_ENTER,
                pygame.K_SPACE,
                pygame.K_ESCAPE,
            )
        ):
            self.close(None)
            return True
        return False

    def close(self, action: Action | None) -> None:
        self.app.pop()
        self.on_answer(action)

    def on_quit_request(self) -> None:
        if not self.options:
            self.close(None)


class HtmlDialog(Dialog):
    """A title, a scrolling text with bold and italics (pygame_gui HTML), and one button: help, day summaries."""

    width, height = 700, 480

    def __init__(self, app: App, title: str, html: str, button: str = "Continue") -> None:
        super().__init__(app, title, html)
        self.button = button

    def build(self) -> None:
        r = self.panel_rect
        pad = self.s(18)
        pygame_gui.elements.UIPanel(r, manager=self.manager, starting_height=1)
        widgets.label(self, pygame.Rect(r.x + pad, r.y + pad, r.w - 2 * pad, self.s(30)), self.title, "subtitle")
        body = pygame.Rect(r.x + pad, r.y + pad + self.s(38), r.w - 2 * pad, r.h - 2 * pad - self.s(96))
        widgets.text_box(self, body, self.text, "message_box")
        bw, bh = self.s(150), self.s(widgets.BUTTON_H)
        rect = pygame.Rect(r.right - pad - bw, r.bottom - pad - bh, bw, bh)
        self.actions = {widgets.button(self, rect, self.button, style="primary"): "ok"}


class AnswerCard(HtmlDialog):
    """The card after it is answered: the answer, its effects in game terms, and how each side's score moved since
    `before` (the standings just before the answer)."""

    def __init__(self, app: App, state: GameState, event: Event, choice_id: str, before: tuple[Standing, ...]) -> None:
        choice = next(c for c in event.choices if c.id == choice_id)
        lines = [f"Answered: <b>{widgets.esc(choice.label)}</b>"]
        lines += [f"• {widgets.esc(t)}" for t in effect_lines(state, choice.effects)]
        moves = score_moves(before, standings(state))
        lines.append("<i>Score:</i> " + widgets.esc("; ".join(moves)) if moves else "<i>No side's score moved yet.</i>")
        super().__init__(app, f"{event.title}: what changed", "<br>".join(lines))
        self.height = min(self.height, 190 + 26 * (len(lines) + sum(len(t) // 70 for t in lines)))


def day_summary(entries: list[Any], limit: int = 16) -> str:
    """The turn's notable lines (the end-of-turn phases and events, not every order) as a bulleted list."""
    notable = [e.text for e in entries if e.faction is None] or [e.text for e in entries]
    if len(notable) > limit:
        notable = [*notable[: limit - 1], f"... and {len(notable) - limit + 1} more lines in the log."]
    return "<br>".join(f"• {widgets.esc(t)}" for t in notable) if notable else "A quiet day in the capital."
