"""The source preview page: the settings in the form (saved or not), tried live.

POSTed from the add or change form (its Preview button), it validates the
settings exactly as Save would and previews them without saving; a GET on
a saved source previews the saved settings.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from articles.admin.forms import PreviewArticleForm
from articles.admin.preview import preview_discovery, preview_extraction
from articles.fetching import Fetcher

# Fields of the source form not carried to the next preview request.
_NOT_CARRIED = {"csrfmiddlewaretoken", "preview_url", "_preview"}


def _form_errors(form, prefix=""):
    errors = []
    for name, messages in form.errors.items():
        label = form.fields[name].label if name in form.fields else "Settings"
        errors.extend(f"{prefix}{label}: {message}" for message in messages)
    return errors


def settings_from_post(model_admin, request, obj):
    """(source, [(url, kind)], errors) from the posted form, validated but not saved."""
    form_class = model_admin.get_form(request, obj, change=obj is not None)
    form = form_class(request.POST, instance=obj)
    inline = model_admin.inlines[0](model_admin.model, model_admin.admin_site)
    formset_class = inline.get_formset(request, obj)
    formset = formset_class(
        request.POST, instance=form.instance, prefix=formset_class.get_default_prefix()
    )
    errors = [] if form.is_valid() else _form_errors(form)
    formset_valid = formset.is_valid()
    for number, page_form in enumerate(formset.forms, 1):
        errors.extend(_form_errors(page_form, prefix=f"Discovery URL {number}, "))
    if not formset_valid:
        errors.extend(str(error) for error in formset.non_form_errors())
    pages = [
        (page_form.cleaned_data["url"], page_form.cleaned_data["kind"])
        for page_form in formset.forms
        if getattr(page_form, "cleaned_data", None)
        and page_form.cleaned_data.get("url")
        and not page_form.cleaned_data.get("DELETE")
    ]
    return form.instance, pages, errors


def _source_and_settings(model_admin, request, object_id):
    obj = None
    if object_id is not None:
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such source.")
        if not model_admin.has_change_permission(request, obj):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        return settings_from_post(model_admin, request, obj)
    pages = [(page.url, page.kind) for page in obj.discovery_urls.all()]
    return obj, pages, []


def _run(source, pages, chosen_url):
    fetcher = Fetcher()
    try:
        discovery = preview_discovery(source, pages, fetcher)
        matched = discovery.matched_urls()
        url = chosen_url or (matched[0] if matched else "")
        extraction = preview_extraction(source, url, fetcher) if url else None
    finally:
        fetcher.close()
    return discovery, extraction


def preview_view(model_admin, request, object_id=None):
    if object_id is None and request.method != "POST":
        return redirect("admin:articles_source_add")
    source, pages, errors = _source_and_settings(model_admin, request, object_id)
    choice = PreviewArticleForm(request.POST if request.method == "POST" else request.GET)
    if not choice.is_valid():
        errors.extend(_form_errors(choice))
    discovery = extraction = None
    if not errors:
        discovery, extraction = _run(source, pages, choice.cleaned_data["preview_url"])
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Preview: {source.name or 'new source'}",
        "source": source,
        "original": source if source.pk else None,
        "pages": pages,
        "errors": errors,
        "discovery": discovery,
        "extraction": extraction,
        "matched_urls": discovery.matched_urls() if discovery else [],
        "carried_fields": carried,
        "method": request.method.lower(),
    }
    return TemplateResponse(request, "admin/articles/source/preview.html", context)
