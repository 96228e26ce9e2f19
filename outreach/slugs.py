"""Addresses made from titles, unique within a model: the one way every app makes a slug."""

from django.utils.text import slugify


def unique_slug(model, text):
    """A slug from `text` that no row of `model` has yet ("title", "title-2", "title-3", ...),
    no longer than the model's slug field."""
    max_length = model._meta.get_field("slug").max_length
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    taken = set(model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)].strip("-") + suffix, n + 1
    return slug
