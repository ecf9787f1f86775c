import React, { useState } from 'react'
import { ApiClient } from 'adminjs'
import { Box, Button, FormGroup, Label, MessageBox, Text } from '@adminjs/design-system'

const api = new ApiClient()

/**
 * The shop's logo (admins, Settings): the current one, a file to upload
 * (PNG or JPEG, at most 512 KB; checked again on the server by its bytes)
 * and a button to remove it. It shows on the sign-in page, in the sidebar,
 * as the favicon (a PNG) and on invoices.
 */
const ShopLogo = ({ record, resource }) => {
  const [logoUrl, setLogoUrl] = useState(record.params.logoUrl)
  const [file, setFile] = useState(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(null)
  const [error, setError] = useState(null)

  const send = async (data) => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: 'logo',
        data,
      })
      setLogoUrl(response.data.record.params.logoUrl)
      setDone(response.data.notice ? response.data.notice.message : 'Saved')
      setFile(null)
    } catch (failure) {
      const errors = failure && failure.response && failure.response.data && failure.response.data.errors
      setError(errors && errors[0] ? errors[0].message : 'The upload failed: try again.')
    } finally {
      setBusy(false)
    }
  }

  const upload = (event) => {
    event.preventDefault()
    if (!file) {
      setError('Choose a PNG or JPEG file first.')
      return
    }
    const data = new FormData()
    data.append('logo', file)
    send(data)
  }

  const remove = () => {
    const data = new FormData()
    data.append('remove', 'true')
    send(data)
  }

  return (
    <Box variant="card" data-testid="shop-logo">
      <Text mb="lg">
        The logo shows on the sign-in page, in the sidebar and on invoices. PNG or JPEG, at most
        512 KB (SVG is refused).
      </Text>
      {done && <MessageBox mb="lg" variant="success" message={done} />}
      {error && <MessageBox mb="lg" variant="danger" message={error} data-testid="logo-error" />}
      <Box mb="lg">
        {logoUrl ? (
          <img src={logoUrl} alt="Current logo" style={{ maxWidth: 240, maxHeight: 90 }} data-testid="logo-preview" />
        ) : (
          <Text>No logo yet: the shop's name is shown instead.</Text>
        )}
      </Box>
      <form onSubmit={upload}>
        <FormGroup>
          <Label htmlFor="logo-file">New logo</Label>
          <input
            id="logo-file"
            name="logo"
            type="file"
            accept="image/png,image/jpeg"
            onChange={(event) => setFile(event.target.files && event.target.files[0])}
          />
        </FormGroup>
        <Button type="submit" variant="contained" mr="default" disabled={busy}>
          Upload logo
        </Button>
        {logoUrl && (
          <Button type="button" variant="outlined" disabled={busy} onClick={remove}>
            Remove logo
          </Button>
        )}
      </form>
    </Box>
  )
}

export default ShopLogo
