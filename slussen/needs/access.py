"""Who reaches the needs board. The need is Karolinska's, from its secret case, waiting for
approval: only Karolinska's handlers and the managers over it know it exists."""

from slussen.testing.access import LOGIN, OK, Expect

HANDLERS = {"advisor_other": OK, "innovation_head": OK, "coordinator": OK, "admin": OK}


def need_kwargs(w):
    from datetime import date

    from .services import ask_approval, create_need

    need = create_need(
        w.other_case,
        w.advisor_other,
        title="Färre fall på natten",
        problem="Patienter faller.",
        who="Äldre patienter.",
        requirements="Fungerar utan kamera.",
        deadline=date(2099, 1, 1),
        audience="companies",
    )
    ask_approval(need, w.advisor_other)
    return {"pk": need.pk}


ACCESS = {
    "needs:board": Expect(),
    "needs:create": Expect(
        default=403,
        anonymous=LOGIN,
        advisor=OK,
        advisor_other=OK,
        innovation_head=OK,
        coordinator=OK,
        admin=OK,
    ),
    "needs:detail": Expect(kwargs=need_kwargs, default=404, anonymous=404, **HANDLERS),
    "needs:transition": Expect(
        kwargs=need_kwargs, method="POST", default=404, anonymous=LOGIN, **HANDLERS
    ),
    # Awaiting approval: those who see it may not support it yet (only a published need).
    "needs:support": Expect(
        kwargs=need_kwargs,
        method="POST",
        default=404,
        anonymous=LOGIN,
        **{k: 403 for k in HANDLERS},
    ),
    "needs:english": Expect(kwargs=need_kwargs, default=404, anonymous=LOGIN, **HANDLERS),
    "needs:shortlist": Expect(
        kwargs=need_kwargs, method="POST", default=404, anonymous=LOGIN, **HANDLERS
    ),
}
