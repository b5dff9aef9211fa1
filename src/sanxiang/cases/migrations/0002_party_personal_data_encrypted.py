"""Parties' ID numbers, phones and addresses encrypted at rest (issue 9, core.pii).

New ciphertext columns and the ID number's keyed hash are added, every existing row is
encrypted under the newest configured key, then the plaintext columns are dropped. The
constraints move from the ID number to its keyed hash. Reversible: going back decrypts
(with the keys still configured) into restored plaintext columns.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from sanxiang.core import pii

ID_NUMBER = "cases.party.id_number"
ADDRESS = "cases.party.address"
PHONE = "cases.party.phone"


def encrypt_parties(apps, schema_editor):
    Party = apps.get_model("cases", "Party")
    for party in Party.objects.all().iterator(chunk_size=500):
        party.id_number_ciphertext = pii.encrypt(party.id_number, purpose=ID_NUMBER)
        party.id_number_digest = pii.keyed_hash(party.id_number)
        party.address_ciphertext = pii.encrypt(party.address, purpose=ADDRESS)
        party.phone_ciphertext = pii.encrypt(party.phone, purpose=PHONE)
        party.save(
            update_fields=[
                "id_number_ciphertext", "id_number_digest", "address_ciphertext",
                "phone_ciphertext",
            ]
        )


def decrypt_parties(apps, schema_editor):
    Party = apps.get_model("cases", "Party")
    for party in Party.objects.all().iterator(chunk_size=500):
        party.id_number = pii.decrypt(party.id_number_ciphertext, purpose=ID_NUMBER)
        party.address = pii.decrypt(party.address_ciphertext, purpose=ADDRESS)
        party.phone = pii.decrypt(party.phone_ciphertext, purpose=PHONE)
        party.save(update_fields=["id_number", "address", "phone"])



class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0004_power_list_guides_windows'),
        ('cases', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PartyDisclosure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('id_number', 'ID number'), ('phone', 'Telephone'), ('address', 'Address')], max_length=20, verbose_name='field')),
                ('at', models.DateTimeField(db_index=True, verbose_name='time')),
                ('address', models.GenericIPAddressField(blank=True, null=True, verbose_name='from address')),
                ('ledger_seq', models.BigIntegerField(verbose_name='ledger entry')),
            ],
            options={
                'verbose_name': 'personal data view',
                'verbose_name_plural': 'personal data views',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='party',
            name='address_ciphertext',
            field=models.TextField(blank=True, editable=False, verbose_name='address (encrypted)'),
        ),
        migrations.AddField(
            model_name='party',
            name='id_number_ciphertext',
            field=models.TextField(blank=True, editable=False, help_text='For natural persons.', verbose_name='ID number (encrypted)'),
        ),
        migrations.AddField(
            model_name='party',
            name='id_number_digest',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='ID number (keyed hash)'),
        ),
        migrations.AddField(
            model_name='party',
            name='phone_ciphertext',
            field=models.TextField(blank=True, editable=False, verbose_name='telephone (encrypted)'),
        ),
        migrations.RemoveConstraint(
            model_name='party',
            name='party_unique_id_number',
        ),
        migrations.RemoveConstraint(
            model_name='party',
            name='party_identifier_matches_kind',
        ),
        migrations.RunPython(encrypt_parties, decrypt_parties),
        migrations.RemoveField(
            model_name='party',
            name='address',
        ),
        migrations.RemoveField(
            model_name='party',
            name='id_number',
        ),
        migrations.RemoveField(
            model_name='party',
            name='phone',
        ),
        migrations.AddConstraint(
            model_name='party',
            constraint=models.UniqueConstraint(condition=models.Q(('id_number_digest', ''), _negated=True), fields=('agency', 'id_number_digest'), name='party_unique_id_number'),
        ),
        migrations.AddConstraint(
            model_name='party',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'natural_person'), models.Q(('id_number_digest', ''), _negated=True), ('uscc', '')), models.Q(models.Q(('kind', 'natural_person'), _negated=True), ('id_number_digest', ''), models.Q(('uscc', ''), _negated=True)), _connector='OR'), name='party_identifier_matches_kind'),
        ),
        migrations.AddField(
            model_name='partydisclosure',
            name='party',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='disclosures', to='cases.party', verbose_name='party'),
        ),
        migrations.AddField(
            model_name='partydisclosure',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='viewer'),
        ),
    ]
