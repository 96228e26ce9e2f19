from django.contrib import admin

from contacts.models import Contact, Country, Organization, Role


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "iso2", "regional_group", "is_member"]
    list_filter = ["regional_group", "is_member"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country__regional_group"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym", "country__name"]
    autocomplete_fields = ["country"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "honorific",
        "position",
        "organization",
        "country",
        "email",
        "is_active",
    ]
    list_filter = ["is_active", "roles", "country__regional_group", "organization__kind"]
    list_select_related = ["organization", "country"]
    search_fields = [
        "name",
        "email",
        "position",
        "organization__name",
        "organization__acronym",
        "country__name",
    ]
    autocomplete_fields = ["organization", "country", "roles"]
