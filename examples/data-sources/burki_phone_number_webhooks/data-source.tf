# Read the webhooks of a number that another team manages. Nothing is written
# to the carrier.
data "burki_phone_number_webhooks" "reception" {
  phone_number = "+15558889999"
}

output "reception_voice_webhook_url" {
  value = data.burki_phone_number_webhooks.reception.voice_webhook_url
}

# Name the carrier to skip the search through both accounts.
data "burki_phone_number_webhooks" "branch" {
  phone_number       = "+15557776666"
  telephony_provider = "telnyx"
}

output "branch_telnyx_phone_number_id" {
  value = data.burki_phone_number_webhooks.branch.telnyx_phone_number_id
}

# Warn on every plan when SMS of the reception number no longer reaches the
# voice platform. A failed check block warns but does not stop the run.
check "reception_sms" {
  assert {
    condition     = data.burki_phone_number_webhooks.reception.sms_status == "enabled"
    error_message = "SMS of +15558889999 no longer goes to the voice platform: ${coalesce(data.burki_phone_number_webhooks.reception.sms_webhook_url, "no webhook URL")}."
  }
}
