from django.utils.text import slugify


def unique_slug(model, text, max_length=100, exclude_pk=None):
    """A slug made from text that no other row of model uses yet ("title", "title-2", ...)."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    return slug
