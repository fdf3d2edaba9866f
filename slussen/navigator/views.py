from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from slussen.core.forms import list_filters
from slussen.core.permissions import require

from . import selectors, services
from .forms import ActorForm, DirectoryFilterForm, GuideForm
from .models import Actor, Need


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = list_filters(form, find=selectors.actors)
    actors = Actor.objects.none() if filters is None else selectors.actors(**filters)
    need = (filters or {}).get("need")
    context = {"form": form, "actors": actors, "need": Need(need).label if need else ""}
    template = "navigator/_actor_list.html" if request.htmx else "navigator/directory.html"
    status = 400 if filters is None and not request.htmx else 200
    return render(request, template, context, status=status)


def guide(request):
    form = GuideForm(request.GET or None)
    answer = selectors.guide(request.user, **form.cleaned_data) if form.is_valid() else None
    status = 400 if form.errors else 200
    return render(request, "navigator/guide.html", {"form": form, "answer": answer}, status=status)


def detail(request, slug):
    actor = get_object_or_404(
        Actor.objects.select_related("organisation").prefetch_related("facets"), slug=slug
    )
    return render(request, "navigator/detail.html", {"actor": actor})


@login_required
def create(request):
    require(request.user, "navigator.edit")
    form = ActorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = services.save_actor(request.user, **form.cleaned_data)
        messages.success(request, _("“%(name)s” was added to the navigator.") % {"name": actor})
        return redirect(actor)
    status = 400 if form.errors else 200
    return render(request, "navigator/actor_form.html", {"form": form}, status=status)


@login_required
def edit(request, slug):
    require(request.user, "navigator.edit")
    actor = get_object_or_404(Actor.objects.prefetch_related("facets"), slug=slug)
    form = ActorForm(request.POST or None, instance=actor)
    if request.method == "POST" and form.is_valid():
        actor = services.save_actor(
            request.user, Actor.objects.get(pk=actor.pk), **form.cleaned_data
        )
        messages.success(request, _("The changes were saved."))
        return redirect(actor)
    status = 400 if form.errors else 200
    return render(
        request, "navigator/actor_form.html", {"form": form, "actor": actor}, status=status
    )
