"""Fire: a unit of yours with arms fires on the crowd in its district, as `disperse` but with rifles: if it obeys,
crowd × `rules.fire_casualty_rate` × its arms are killed before the rest may break, the district's unrest and
hardship rise, your legitimacy falls by `rules.fire_legitimacy`, and the unit takes `rules.fire_strain` whatever
it does. The mechanics live with `disperse` (engine/orders/disperse.py)."""

from __future__ import annotations

from dataclasses import replace

from petrograd1917.engine.orders import disperse
from petrograd1917.engine.orders.base import summary_of
from petrograd1917.scenario.model import ActionKind

ORDER = replace(
    disperse.ORDER,
    kind=ActionKind.FIRE,
    label="Fire on the crowd",
    hint="The great gamble: it may clear the street today, or turn the regiment against you tomorrow.",
    summary=summary_of(__doc__),
)
