"""The walk's keys: ← → and a presentation clicker's PageUp/PageDown step, B or . blanks the screen.

A small ``st.components.v2`` component (public API, no iframe) with a typed contract, as the map
widget and the copy-link button are. Python sends :class:`TourKeys` (the current step, the last
step and the key map); the component listens to the page's keys in the capture phase (so a
focused map or button cannot swallow them), sends the step to go to as the ``step`` trigger, and
blanks the screen itself, as presentation software does: B or . (again to unblank; Escape too).
Nothing of Streamlit's DOM is read or clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import streamlit as st

from ruraldash.ui.jsmodule import squeeze

KEY = "rd_tour_keys"

STEP_KEYS = {"ArrowRight": 1, "PageDown": 1, "ArrowLeft": -1, "PageUp": -1}
"""Key → steps to move (a clicker sends PageDown/PageUp; keyboards the arrows)."""
BLANK_KEYS = ("b", "B", ".")
"""Keys that blank the screen, and unblank it when pressed again."""


@dataclass(frozen=True)
class TourKeys:
    """What the component gets: the step on screen, the last step and the key map."""

    step: int
    last: int
    step_keys: dict[str, int] = field(default_factory=lambda: dict(STEP_KEYS))
    blank_keys: tuple[str, ...] = BLANK_KEYS


_JS = """
const mounts = new WeakMap();  // parentElement -> {data, trigger, cleanup}: one listener per mount

const typing = (el) => {
  const tag = (el && el.tagName) || "";
  return /^(INPUT|TEXTAREA|SELECT)$/.test(tag) || Boolean(el && el.isContentEditable);
};
const blank = () => document.getElementById("rd-blank");
const setBlank = (on) => {
  let el = blank();
  if (on && !el) {
    el = document.createElement("div");
    el.id = "rd-blank";
    el.setAttribute("role", "presentation");
    el.style.cssText = "position:fixed;inset:0;background:#000;z-index:2147483000;cursor:none";
    document.body.appendChild(el);
  } else if (!on && el) {
    el.remove();
  }
};

export default function(component) {
  const { data, parentElement, setTriggerValue } = component;
  const known = mounts.get(parentElement);
  if (known) {  // a rerun: the same mount gets the new step
    known.data = data;
    known.trigger = setTriggerValue;
    return known.cleanup;
  }
  const mount = { data, trigger: setTriggerValue };
  const onKey = (ev) => {
    const d = mount.data;
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.repeat) return;
    if (typing(ev.composedPath()[0])) return;
    if (d.blank_keys.includes(ev.key)) {
      ev.preventDefault(); ev.stopPropagation();
      setBlank(!blank());
      return;
    }
    if (ev.key === "Escape" && blank()) { setBlank(false); return; }
    const move = d.step_keys[ev.key];
    if (!move) return;
    ev.preventDefault(); ev.stopPropagation();  // the map does not pan, the page does not scroll
    if (blank()) { setBlank(false); return; }  // the first step key after a blank shows the screen
    const target = Math.min(Math.max(d.step + move, 1), d.last);
    if (target !== d.step) mount.trigger("step", target);
  };
  window.addEventListener("keydown", onKey, true);
  mount.cleanup = () => {
    window.removeEventListener("keydown", onKey, true);
    setBlank(false);
    mounts.delete(parentElement);
  };
  mounts.set(parentElement, mount);
  return mount.cleanup;
}
"""

_COMPONENT = st.components.v2.component("ruraldash_tour_keys", js=squeeze(_JS))


def step_to(key: str = KEY) -> int | None:
    """The step the keys asked for in this rerun (the ``step`` trigger), or None."""
    value = st.session_state.get(key)
    step = value.get("step") if value is not None else None
    return int(step) if isinstance(step, int | float) else None


def keys(step: int, last: int, on_step: Callable[[int], None], key: str = KEY) -> None:
    """Mount the keys for the walk showing ``step`` of ``last``; ``on_step(n)`` moves the walk."""
    _COMPONENT(
        key=key,
        data=asdict(TourKeys(step=step, last=last)),
        on_step_change=lambda: _go(on_step, key),
    )


def _go(on_step: Callable[[int], None], key: str) -> None:
    target = step_to(key)
    if target is not None:
        on_step(target)
