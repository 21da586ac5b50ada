# The import id is the phone number in E.164 form.
terraform import burki_phone_number_webhooks.support +15551234567

# Or the carrier, a slash and the number, which skips the search through
# both accounts.
terraform import burki_phone_number_webhooks.sales telnyx/+15557654321
