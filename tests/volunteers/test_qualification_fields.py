"""GDPR article 10: the organisation notes the fact of a check, never a document or a conviction."""

import pytest
from django.db import models

from sites.models import TeamNeed
from volunteers.models import CheckRequest, Qualification, QualificationGrant

CHECK_MODELS = [Qualification, QualificationGrant, CheckRequest, TeamNeed]
# Words a field meant for conviction data or the document's content would be named with (EN and FR).
FORBIDDEN_WORDS = (
    *("conviction", "criminal", "offence", "offense", "sentence", "casier", "condamnation"),
    *("document", "scan", "copy", "extract", "content", "file", "image", "photo", "attachment"),
)


@pytest.mark.parametrize("model", CHECK_MODELS, ids=lambda model: model.__name__)
def test_no_file_or_image_field(model):
    stored = [field for field in model._meta.get_fields() if isinstance(field, (models.FileField, models.BinaryField))]
    assert stored == [], f"{model.__name__} may not store a document: {stored}"


@pytest.mark.parametrize("model", CHECK_MODELS, ids=lambda model: model.__name__)
def test_no_field_named_for_convictions_or_documents(model):
    for field in model._meta.get_fields():
        name = field.name.lower()
        label = str(getattr(field, "verbose_name", "")).lower()
        for word in FORBIDDEN_WORDS:
            assert word not in name and word not in label, f"{model.__name__}.{field.name} is named for {word!r}"


def test_free_text_on_a_grant_is_one_short_note():
    texts = [field.name for field in QualificationGrant._meta.get_fields() if isinstance(field, models.TextField)]
    assert texts == []
    note = QualificationGrant._meta.get_field("note")
    assert isinstance(note, models.CharField) and note.max_length <= 200


def test_the_rule_can_fail():
    class Leaky(models.Model):
        criminal_record_scan = models.FileField()

        class Meta:
            app_label = "volunteers"
            managed = False

        def __str__(self):
            return "leaky"

    assert any(isinstance(field, models.FileField) for field in Leaky._meta.get_fields())
    assert any("criminal" in field.name for field in Leaky._meta.get_fields())
