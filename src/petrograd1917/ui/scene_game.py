"""The game screen: the layout and drawing of the map, the status bar, the selection's details, the order list
and the log.

What the mouse means on the map is `map_control.MapController`'s business; when cards, summaries, the hand-over
and the computer's moves come is `play_flow.PlayFlow`'s; other screens and shared dialogs open through `flow`.
The screen shows only what the side at the screen sees (`side_view.SideView`: its observation, and the game believed
from it); orders go through the flow to `session.apply`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from petrograd1917.engine.orders import ORDERS
from petrograd1917.scenario.model import ActionKind
from petrograd1917.ui import flow, game_saves, theme, widgets
from petrograd1917.ui.factions import display_name
from petrograd1917.ui.log_view import LogView
from petrograd1917.ui.map_control import Cancel, MapController, Order, Select
from petrograd1917.ui.map_state import MapSnapshot
from petrograd1917.ui.map_tooltips import Explainer
from petrograd1917.ui.map_view import Hit, MapView
from petrograd1917.ui.panels_actions import ActionGroup, Namer, Selection
from petrograd1917.ui.panels_details import details_html
from petrograd1917.ui.panels_event import AnswerCard, EventCard, HtmlDialog, day_summary
from petrograd1917.ui.panels_guide import TOUR, help_html
from petrograd1917.ui.panels_orders import CANCEL, OrderList, OrderRow, order_tip
from petrograd1917.ui.panels_standing import StandingRow, render_standing, row_rects, standing_rows
from petrograd1917.ui.panels_status import status_items
from petrograd1917.ui.play_flow import (
    GameOver,
    HandOver,
    PlayFlow,
    Prompt,
    Refused,
    ShowAnswer,
    ShowCard,
    ShowFault,
    ShowSummary,
)
from petrograd1917.ui.rules_text import (
    cards_set_off,
    choice_consequences,
)
from petrograd1917.ui.scene import Scene
from petrograd1917.ui.side_view import SideView, side_view

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.scenario.model import Event
    from petrograd1917.ui.app import App
    from petrograd1917.ui.session import GameSession


class GameScene(Scene):
    def __init__(self, app: App, session: GameSession) -> None:
        super().__init__(app)
        self.session = session
        self.flow = PlayFlow(session)
        scenario = session.scenario
        self.explainer = Explainer(scenario)
        palette = theme.faction_colours(scenario.factions, app.settings.palette)
        self.colours = {k: (c.r, c.g, c.b) for k, c in palette.items()}
        texts = theme.faction_text_colours(scenario.factions, app.settings.palette)  # names readable on the panel
        names = {f.id: f.short_name for f in scenario.factions}
        self.log = LogView(names, {k: (c.r, c.g, c.b) for k, c in texts.items()}, theme.font, 14)
        self.status_shown: tuple[Any, ...] | list[Any] = ()  # the status bar's items, rebuilt only on a change
        self.standing: tuple[StandingRow, ...] = ()  # each side's standing as last shown
        self.map = MapView(scenario, self.colours, theme.font, app.settings.ui_scale)
        self.mouse = MapController(self.map, self._district_of)
        self.selection: Selection | None = None
        self.tooltip: Any = None
        self.picking: dict[str, Action] = {}  # destination district -> order, while choosing on the map
        self.options: ActionGroup | None = None  # a group whose options are listed instead of the orders
        self.view: SideView = side_view(session.state, self.flow.viewer)
        tour = app.settings.show_tutorial and bool(session.humans) and session.state.turn == 0
        self.guide_step: int | None = 0 if tour else None
        self.parts: dict[str, list[Any]] = {}  # widgets of each part of the screen, to replace them in place
        self.callbacks: dict[Any, Callable[[], None]] = {}  # button -> what it does
        self.rects: dict[str, pygame.Rect] = {}
        self.orders = OrderList(scenario)

    # -- what the flow and the mouse hold, under the names the screen's tests and benchmark use -----------------
    @property
    def fast(self) -> bool:
        return self.flow.fast

    @property
    def shown_to(self) -> str | None:
        return self.flow.shown_to

    @shown_to.setter
    def shown_to(self, faction: str | None) -> None:
        self.flow.shown_to = faction

    @property
    def hover(self) -> Hit | None:
        return self.mouse.hover

    @property
    def viewer(self) -> str:
        return self.flow.viewer

    @property
    def snap(self) -> MapSnapshot:
        """The map as the side at the screen sees it."""
        return self.view.snap

    def look(self) -> None:
        """Read what the side at the screen sees now (the map, the tooltips and the panels read only this)."""
        self.view = side_view(self.session.state, self.viewer)

    @property
    def thinking_text(self) -> str:
        """ "The Provisional Government is thinking..." while the screen waits on a computer player's move."""
        faction = self.flow.thinking
        return f"{display_name(self.session.scenario.faction(faction))} is thinking" if faction else ""

    # -- layout ----------------------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        s = self.s
        self._preload_fonts()
        top = s(44)
        right_w = max(s(360), round(w * 0.3))
        banner_h = s(28)  # a strip under the map for the last computer move or the map's controls
        map_rect = pygame.Rect(0, top, w - right_w, h - top - banner_h)
        self.banner_rect = pygame.Rect(0, map_rect.bottom, map_rect.w, banner_h)
        self.map.ui = self.app.settings.ui_scale
        self.map.resize(map_rect)
        x0, col_w = w - right_w + s(6), right_w - s(12)
        n_sides = len(self.session.scenario.factions)
        standing = pygame.Rect(x0, top + s(4), col_w, s(26) + n_sides * s(19))
        col_h = h - standing.bottom - s(6)
        details = pygame.Rect(x0, standing.bottom + s(6), col_w, round(col_h * 0.3))
        actions = pygame.Rect(x0, details.bottom + s(6), col_w, round(col_h * 0.4))
        log = pygame.Rect(x0, actions.bottom + s(6), col_w, h - actions.bottom - s(12))
        self.rects = {"map": map_rect, "standing": standing, "details": details, "actions": actions, "log": log,
                      "status": pygame.Rect(0, 0, w, top)}  # fmt: skip
        self.parts = {}
        self.callbacks = {}
        self.details_box = widgets.text_box(self, details, self._details_html())
        self.log.resize(log, s(14))
        self.status_shown = ()
        self.standing = ()
        self.orders.forget()
        self._build_buttons()
        self.update_panels()

    def update_panels(self) -> None:
        """Show the current state and selection. Only what changed is laid out again: pygame_gui's widgets are
        slow to build, so the status bar is rebuilt and the details re-set only when their text differs (the log
        is drawn by hand from cached lines)."""
        self._build_status()
        self._build_standing()
        if self.session.can_undo != self.undo_button.is_enabled:
            self.undo_button.enable() if self.session.can_undo else self.undo_button.disable()
        self._build_actions()
        self._build_guide()
        html = self._details_html()
        if self.details_box.html_text != html:
            self.details_box.set_text(html)
        self.log.show(self.view.world.log)

    def _part(self, name: str) -> list[Any]:
        """Remove the widgets of one part of the screen (status, actions, guide), ready to make them anew."""
        for element in self.parts.pop(name, []):
            self.callbacks.pop(element, None)
            element.kill()
        return self.parts.setdefault(name, [])

    def _on_click(self, part: list[Any], element: Any, fn: Callable[[], None]) -> Any:
        part.append(element)
        self.callbacks[element] = fn
        return element

    def _preload_fonts(self) -> None:
        """Bold and italic text in the panels: load those faces once per widget manager (pygame_gui warns else)."""
        fonts = self.manager.get_theme().get_font_dictionary()
        size = round(14 * self.app.settings.ui_scale)
        for bold, italic, style in ((True, False, "bold"), (False, True, "italic")):
            if not fonts.check_font_preloaded(fonts.create_font_id(size, "noto_sans", bold, italic)):
                self.manager.preload_fonts([{"name": "noto_sans", "point_size": size, "style": style}])

    def _build_status(self) -> None:
        s = self.s
        top = self.rects["status"].height
        font = self.font(16)
        room = self.size[0] - s(6 + 4 * 76 + 12)
        items = status_items(self.view.world, self.viewer)
        if sum(font.size(text)[0] + s(30) for text, _ in items) > room:  # a narrow window: the short texts
            items = status_items(self.view.world, self.viewer, compact=True)
        if items == self.status_shown:
            return
        self.status_shown = items
        part = self._part("status")
        # each item as wide as its text (the theme's 16 px face); where the bar is still too narrow (a large UI
        # scale), the last items give way: each still explains itself on hover where it shows
        x = s(6)
        for text, tip in items:
            width = font.size(text)[0] + s(22)
            if x + width > room:
                break
            part.append(widgets.stat(self, pygame.Rect(x, s(6), width, top - s(12)), text, tip))
            x += width + s(8)

    def _build_standing(self) -> None:
        """Each side's score against its target (drawn by hand); a hover on a row takes the score apart."""
        rows = standing_rows(self.view.world, self.viewer, self.session.is_human(self.viewer))
        if rows == self.standing:
            return
        self.standing = rows
        area = self.rects["standing"]
        self.standing_picture = render_standing(area.size, rows, self.colours, self.app.settings.ui_scale)
        part = self._part("standing")
        for row, rect in zip(rows, row_rects(self.rects["standing"], len(rows), self.s(19), self.s(22)), strict=True):
            part.append(widgets.stat(self, rect, "", row.tip))

    def _build_buttons(self) -> None:
        """The buttons at the top right, made once per layout; only Undo changes (enabled or not)."""
        s = self.s
        part = self._part("buttons")
        top = self.rects["status"].height
        buttons = [
            ("Help", "Keys and the who's who of 1917 (F1).", self.show_help),
            ("Menu", "Leave to the main menu (Esc); you will be offered to save.", self.to_menu),
            ("Save", "Save the game (Ctrl+S).", self.save),
            ("Undo", "Take back your last order this turn (Ctrl+Z).", self.undo),
        ]
        bx = self.size[0] - s(6)
        for label, tip, fn in buttons:
            bx -= s(72)
            button = widgets.button(self, pygame.Rect(bx, s(6), s(68), top - s(12)), label, tooltip=tip)
            if label == "Undo":
                self.undo_button = button
            self._on_click(part, button, fn)
            bx -= s(4)

    def _build_actions(self) -> None:
        s = self.s
        old = self.parts.get("actions", [])
        bars = [e.vert_scroll_bar for e in old if isinstance(e, pygame_gui.elements.UIScrollingContainer)]
        scroll = bars[0].start_percentage if bars and bars[0] is not None else 0.0
        part = self._part("actions")
        area = self.rects["actions"]
        session = self.session
        bh, gap = s(34), s(4)
        end_rect = pygame.Rect(area.x, area.bottom - bh - s(2), area.w, bh)
        self.rects["end_turn"] = end_rect
        if not session.human_to_move or session.state.pending_choice is not None:
            text = "Skip to your turn (F)" if session.humans else "Fast forward (F)"
            if self.fast:
                text = "Fast forward..."
            button = widgets.button(self, end_rect, text, tooltip="Play the computer players' moves at once.")
            self._on_click(part, button, self.skip)
            over = session.state.is_over()
            who = "" if over else session.scenario.faction(session.state.current_faction).short_name
            heading = "The game is over" if over else f"Now moving: {who}"
            if session.human_to_move:  # a human must answer an event card first
                heading = "Answer the event card"
            part.append(widgets.label(self, pygame.Rect(area.x, area.y, area.w, s(28)), heading, "heading"))
            return
        end = widgets.button(self, end_rect, "End turn (Space)", style="primary", tooltip=ORDERS[ActionKind.PASS].hint)
        self._on_click(part, end, self.end_turn)
        part.append(widgets.label(self, pygame.Rect(area.x, area.y, area.w, s(28)), self._actions_heading(), "heading"))
        # the list shows whole rows only: the last one is never cut in half
        pitch = bh + gap
        room = end_rect.top - area.y - s(34)
        box = pygame.Rect(area.x, area.y + s(30), area.w, max(pitch, room // pitch * pitch))
        if session.spent:
            text = "No points left: end the turn (Space), or take back the last order (Ctrl+Z)."
            part.append(widgets.text_box(self, pygame.Rect(box.x, box.y, box.w, s(60)), text, "compact"))
            return
        choosing = tuple(self.picking.values()) if self.picking else self.options.actions if self.options else ()
        rows, same_list = self.orders.rows(self.view.world, self._namer(), self.selection, choosing)
        if not rows:
            part.append(
                widgets.label(self, pygame.Rect(box.x, box.y, box.w, s(24)), "No orders possible here.", "muted")
            )
            return
        container = pygame_gui.elements.UIScrollingContainer(box, manager=self.manager, allow_scroll_x=False)
        part.append(container)
        inner_w = box.w - s(20)
        for i, row in enumerate(rows):
            button = pygame_gui.elements.UIButton(
                pygame.Rect(0, i * pitch, inner_w, bh),
                row.label,
                manager=self.manager,
                container=container,
                tool_tip_text=row.tip,
            )
            if not row.enabled:
                button.disable()
            self._on_click(part, button, self._on_row(row))
        container.set_scrollable_area_dimensions((inner_w, max(1, len(rows) * pitch)))
        if same_list and scroll and container.vert_scroll_bar is not None:  # the list stays where it was scrolled
            container.vert_scroll_bar.set_scroll_from_start_percentage(scroll)

    def _actions_heading(self) -> str:
        if self.picking:
            return "Click a highlighted district"
        if self.options is not None:
            return f"{ORDERS[self.options.kind].label}: choose"
        if self.selection is None:
            return "City-wide orders"
        return "Orders for the selection"

    def _namer(self) -> Namer:
        return Namer(self.session.scenario, {u.id: u.name for u in self.view.world.unit_specs})

    def _on_row(self, row: OrderRow) -> Callable[[], None]:
        """What a click on an order list's row does: give its order, open its group, or cancel a choice."""
        action, group = row.action, row.group
        if action is not None:
            return lambda: self.give(action)
        if group is not None:
            return lambda: self._open(group, row.targets)
        return self.cancel_pick if row.key == CANCEL else lambda: None

    def _open(self, group: ActionGroup, targets: dict[str, Action]) -> None:
        """A group of orders: pick its destination on the map, or choose among its options in the list."""
        if targets:
            self.picking = targets
        else:
            self.options = group
        self.refresh()

    def give(self, action: Action) -> None:
        """An order from the list or the map: one that would set off a card asks first, saying what it does."""
        cards = cards_set_off(self.view.world, action)
        if not cards:
            self.submit(action)
            return
        what = " ".join(f"{c.text()}." for c in cards)
        text = f"If it succeeds, {self._namer().describe(action)} sets off at the end of the turn {what}"
        flow.ask(self.app, "This order sets off a card", text, "Give the order", lambda: self.submit(action))

    def _build_guide(self) -> None:
        part = self._part("guide")
        if self.guide_step is None or not self.session.human_to_move:
            return
        target, text = TOUR[self.guide_step]
        s = self.s
        anchor = self.rects[target]
        w, h = s(400), s(220)
        box = pygame.Rect(0, 0, w, h)
        if target in ("map", "status"):
            box.topleft = (self.rects["map"].x + s(16), self.rects["map"].y + s(16))
        else:
            box.topright = (anchor.left - s(16), min(anchor.top, self.size[1] - h - s(8)))
        self.guide_rect = box
        tb = widgets.text_box(self, pygame.Rect(box.x, box.y, w, h - s(42)), widgets.esc(text), "message_box")
        tb.change_layer(5)
        part.append(tb)
        last = self.guide_step == len(TOUR) - 1
        nxt = widgets.button(self, pygame.Rect(box.right - s(100), box.bottom - s(36), s(100), s(34)),
                             "Got it" if last else "Next", style="primary")  # fmt: skip
        skip = widgets.button(self, pygame.Rect(box.x, box.bottom - s(36), s(110), s(34)), "Skip tour")
        for b in (nxt, skip):
            b.change_layer(6)
        self._on_click(part, nxt, self.guide_next)
        self._on_click(part, skip, self.guide_skip)

    def guide_next(self) -> None:
        assert self.guide_step is not None
        self.guide_step = self.guide_step + 1 if self.guide_step + 1 < len(TOUR) else None
        self._build_guide()

    def guide_skip(self) -> None:
        self.guide_step = None
        self._build_guide()

    def rebuild(self) -> None:
        self._kill_tooltip()
        super().rebuild()

    def on_resume(self) -> None:
        """Back from a dialog: the mouse moved meanwhile unseen, so the tooltip from before would be stale."""
        super().on_resume()
        self._kill_tooltip()
        self.mouse.forget_hover()

    def refresh(self) -> None:
        """The game changed: read what the side at the screen sees now and show it in the panels."""
        self.look()
        if self.selection and self.selection.kind == "unit" and self.snap.unit(self.selection.id) is None:
            self.selection = None
        self._kill_tooltip()
        self.update_panels()

    # -- texts -----------------------------------------------------------------------------------------------
    def _details_html(self) -> str:
        return details_html(self.explainer, self.view, self.selection)

    # -- orders ----------------------------------------------------------------------------------------------
    def submit(self, action: Action) -> None:
        self.picking = {}
        self.options = None
        self._answer(self.flow.submit(action))

    def end_turn(self) -> None:
        if not self.session.human_to_move or self.session.state.pending_choice is not None:
            return
        self.selection = None
        self._answer(self.flow.end_turn())

    def _answer(self, result: Refused | ShowFault | None) -> None:
        """After an order: a refusal is said in a line; a bug gets its report; the panels show the new state."""
        if isinstance(result, Refused):
            self.app.notify(f"Not possible: {result.reason}")
        elif isinstance(result, ShowFault):
            self._show(result)
        self.refresh()

    def cancel_pick(self) -> None:
        self.picking = {}
        self.options = None
        self.refresh()

    def undo(self) -> None:
        if self.session.undo():
            self.app.notify("Order taken back")
        else:
            self.app.notify("Nothing to take back (a gamble's dice are cast, or your turn is over)")
        self.refresh()

    def save(self) -> None:
        game_saves.save(self.app, self.session)

    def quick_load(self) -> None:
        game_saves.offer_newest(self.app, self.session)

    def to_menu(self) -> None:
        flow.leave_game(self.app, self.session, to_menu=True)

    def on_quit_request(self) -> None:
        flow.leave_game(self.app, self.session)

    def show_help(self) -> None:
        self.app.push(HtmlDialog(self.app, "Help and who's who", help_html(self.session.scenario), "Close"))

    def skip(self) -> None:
        self.flow.skip()
        self._build_actions()

    def cycle_units(self) -> None:
        own = [u.id for u in self.snap.units if u.commander == self.viewer]
        if not own:
            return
        current = self.selection.id if self.selection and self.selection.kind == "unit" else None
        nxt = own[(own.index(current) + 1) % len(own)] if current in own else own[0]
        self.select(Selection("unit", nxt))

    def select(self, selection: Selection | None) -> None:
        self.selection = selection
        self.picking = {}
        self.options = None
        self.update_panels()

    # -- the flow of play ------------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.app.top is not self:
            self.flow.think_ahead()  # a card or summary is being read: the computer may think meanwhile
            return
        self._update_tooltip(dt)
        step = self.flow.advance(dt, self.app.settings.ai_delay)
        if step.refresh:
            self.refresh()
        elif step.moved:
            self.look()  # the map follows every move
        if step.prompt is not None:
            self._show(step.prompt)

    def _show(self, prompt: Prompt) -> None:
        """Put up what the flow says comes next."""
        app, session = self.app, self.session
        if isinstance(prompt, ShowCard):
            self._show_card(prompt.event, prompt.options)
        elif isinstance(prompt, ShowAnswer):
            app.push(AnswerCard(app, self.view.world, prompt.event, prompt.choice, prompt.before))
        elif isinstance(prompt, ShowSummary):
            title = f"End of turn {prompt.turn + 1}: what happened"
            app.push(HtmlDialog(app, title, day_summary(list(prompt.entries))))
        elif isinstance(prompt, HandOver):
            self.selection = None
            self.refresh()
            flow.hand_over(app, session)
        elif isinstance(prompt, GameOver):
            flow.open_end(app, session)
        elif isinstance(prompt, ShowFault):
            fault = prompt.fault
            kept = (
                f"The game up to this point is kept as a replay file, {fault.report.name}, in the reports folder"
                f" ({fault.report.parent}); please send it with a note of what you did."
                if fault.report
                else "The game could not be kept for a report."
            )
            what = "A computer player's move" if prompt.fatal else "Your order"
            after = "The game cannot go on; it returns to the menu." if prompt.fatal else "You can play on."
            text = (
                f"{what} stopped on a fault in the game itself, not in the rules: {fault}. Nothing of it was carried"
                f" out; the game is as it was before. {kept} {after}"
            )
            on_close = (lambda: flow.to_menu(app)) if prompt.fatal else None
            flow.message(app, "A bug in the game", text, on_close)

    def _show_card(self, event: Event, options: tuple[Action, ...] = ()) -> None:
        world = self.view.world
        chooser = display_name(self.session.scenario.faction(world.current_faction)) if options else ""
        namer = self._namer()
        labelled = [(namer.choice_label(a), a) for a in options]
        effects = tuple(choice_consequences(world, event, a.choice or "").html() for a in options)

        def answered(action: Action | None) -> None:
            if action is not None:
                self.submit(action)

        names = self.explainer.whos_who(f"{event.title} {event.text} {event.note}")
        self.app.push(EventCard(self.app, event, labelled, answered, chooser, names, effects))

    # -- input -----------------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.callbacks:
            self.callbacks[event.ui_element]()
            return True
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        mouse = self.mouse
        if event.type == pygame.MOUSEMOTION:
            if mouse.motion(event.pos, self._on_map(event.pos)):
                self._kill_tooltip()
            return mouse.dragging
        if event.type == pygame.MOUSEWHEEL:
            pos = mouse.hover_pos  # where the mouse last moved (wheel events carry no position)
            if self._on_map(pos):
                mouse.wheel(event.y > 0)
                return True
            if self.log.rect.collidepoint(pos):
                self.log.scroll_by(-event.y)  # down: back in time
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and self._on_map(event.pos):
            self._act(mouse.press(event.pos, event.button, self.picking, self.selection))
            return event.button in (1, 2, 3)
        if event.type == pygame.MOUSEBUTTONUP and mouse.dragging:
            self._act(mouse.release(event.pos, event.button))
            return True
        return False

    def _act(self, intent: Select | Order | Cancel | None) -> None:
        if isinstance(intent, Select):
            self.select(intent.selection)
        elif isinstance(intent, Order):
            self.give(intent.action)
        elif isinstance(intent, Cancel):
            self.cancel_pick() if (self.picking or self.options) else self.select(None)

    def _key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        key = event.key
        if ctrl and key == pygame.K_z:
            self.undo()
        elif ctrl and key == pygame.K_s:
            self.save()
        elif key == pygame.K_F9:
            self.quick_load()
        elif key == pygame.K_F1:
            self.show_help()
        elif key == pygame.K_ESCAPE:
            if self.picking or self.options is not None:
                self.cancel_pick()
            else:
                self.to_menu()
        elif key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.end_turn()
        elif key == pygame.K_TAB:
            self.cycle_units()
        elif key == pygame.K_f and not self.session.human_to_move:
            self.skip()
        elif key == pygame.K_HOME:
            self.map.zoom_at(self.map.rect.center, 1 / self.map.zoom)
        else:
            return False
        return True

    def _district_of(self, hit: Hit) -> str | None:
        if hit.kind == "unit":
            unit = self.snap.unit(hit.id)
            return unit.district if unit else None
        if hit.kind == "site":
            return next((s.district for s in self.session.scenario.sites if s.id == hit.id), None)
        return None

    # -- hover tooltips on the map ---------------------------------------------------------------------------
    def _on_map(self, pos: tuple[int, int]) -> bool:
        """Over the map itself, not over the tour's card that lies on it."""
        if self.parts.get("guide") and self.guide_rect.inflate(self.s(12), self.s(12)).collidepoint(pos):
            return False
        return self.map.rect.collidepoint(pos)

    def _kill_tooltip(self) -> None:
        if self.tooltip is not None:
            self.tooltip.kill()
            self.tooltip = None

    def _update_tooltip(self, dt: float) -> None:
        hit = self.mouse.tick(dt)
        if hit is None:
            return
        self._kill_tooltip()
        pos = self.mouse.hover_pos
        # no parent element: the map is no widget (UITooltip takes None; the manager's annotation is stricter)
        self.tooltip = self.manager.create_tool_tip(
            self.hover_text(hit),
            pos,
            (0, self.s(18)),
            None,  # type: ignore[arg-type]
            None,
            wrap_width=self.s(340),
        )
        self.tooltip.find_valid_position(pygame.Vector2(pos))

    def hover_text(self, hit: Hit) -> str:
        text = self.explainer.hover(hit, self.snap, self.map.stack_of(hit.id) if hit.kind == "unit" else None)
        district = hit.id if hit.kind == "district" else self._district_of(hit)
        if self.picking and district in self.picking:
            action = self.picking[district]
            text = order_tip(self.view.world, self._namer(), action) + "<br><i>Click to give this order.</i>"
        return text

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self.app.draw_background(surface)
        now = pygame.time.get_ticks() / 1000.0
        selected = Hit(self.selection.kind, self.selection.id) if self.selection else None
        last = self._last_move_district() if not self.session.human_to_move else None
        surface.set_clip(self.map.rect)
        self.map.draw(surface, self.snap, now, selected, self.hover, frozenset(self.picking), last)
        surface.set_clip(None)
        pygame.draw.rect(surface, theme.PANEL_BORDER, self.map.rect, 1)
        bar = self.rects["status"]  # whose screen this is: a stripe of the faction's colour by its name
        pygame.draw.rect(surface, self.colours[self.viewer], (0, bar.y + self.s(8), self.s(4), bar.h - self.s(16)))
        self._draw_banner(surface)
        surface.blit(self.standing_picture, self.rects["standing"])
        self.log.draw(surface, self.s(6))
        if self.parts.get("guide"):  # one card behind the tour's text and its buttons
            back = self.guide_rect.inflate(self.s(12), self.s(12))
            pygame.draw.rect(surface, theme.PANEL, back, border_radius=8)
            pygame.draw.rect(surface, theme.ACCENT, back, 2, border_radius=8)
        if self.guide_step is not None and self.session.human_to_move:
            target = self.rects[TOUR[self.guide_step][0]]
            pygame.draw.rect(surface, theme.ACCENT, target.inflate(-4, -4), 3, border_radius=6)

    def _last_move_district(self) -> str | None:
        if self.flow.last_move is None:
            return None
        action = self.flow.last_move[1]
        return action.target if action.target in self.snap.districts else action.district

    def _last_move_text(self) -> str:
        if self.flow.last_move is None:
            return ""
        faction, action = self.flow.last_move
        return f"{self.session.scenario.faction(faction).short_name}: {self._namer().describe(action)}"

    def _draw_banner(self, surface: pygame.Surface) -> None:
        """A line over the map: the computer's last move, or how to pick a target, or the map's controls."""
        session = self.session
        if self.picking:
            text = "Click one of the highlighted districts to give the order · Esc or right-click to cancel"
        elif not session.human_to_move and not session.state.is_over():  # the computer's moves
            mover = session.scenario.faction(session.state.current_faction).short_name
            text = "   ".join(
                t for t in (self._last_move_text() or f"{mover} to move", "" if self.fast else "(F: fast forward)") if t
            )
        else:
            text = "Hover for explanations · wheel: zoom · right-drag: pan · Tab: next unit · F1: help"
        pygame.draw.rect(surface, theme.PANEL, self.banner_rect)
        room = self.banner_rect.inflate(-self.s(20), 0)
        face = theme.font(self.s(14), True)
        thinking = self.thinking_text
        if thinking:  # right-aligned, with dots that count so the player sees the window is alive
            if face.size(thinking + "...")[0] > room.w * 2 // 3:  # a narrow window: the faction's short name
                faction = session.scenario.faction(session.state.current_faction)
                thinking = thinking.replace(display_name(faction), faction.short_name, 1)
            dots = "." * (1 + pygame.time.get_ticks() // 400 % 3)
            note = face.render(f"{thinking}{dots:<3}", True, theme.ACCENT)
            at = note.get_rect(midright=(room.right, room.centery))
            surface.blit(note, at)
            room.width = max(0, at.x - self.s(16) - room.x)
        text = widgets.fit(text, lambda t: face.size(t)[0], room.w)
        img = face.render(text, True, theme.ACCENT if self.picking else theme.TEXT)
        surface.blit(img, img.get_rect(midleft=room.midleft))
