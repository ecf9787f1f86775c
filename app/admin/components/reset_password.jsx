import React, { useState } from 'react'
import { ApiClient } from 'adminjs'
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system'

const api = new ApiClient()

/**
 * "Reset password" (admins): type a new password, or leave the field
 * empty for a random one, shown here once. The user's sessions end
 * (refresh tokens revoked) and the audit log records the reset.
 */
const ResetPassword = ({ record, resource }) => {
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState(null)
  const [error, setError] = useState(null)

  const submit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: 'resetPassword',
        data: { password },
      })
      const errors = response.data.record && response.data.record.errors
      if (errors && errors.password) {
        setError(errors.password.message)
      } else if (response.data.notice && response.data.notice.type === 'error') {
        setError(response.data.notice.message)
      } else {
        setResult(response.data.newPassword || null)
        setPassword('')
        if (!response.data.newPassword) {
          setResult('')
        }
      }
    } catch {
      setError('The reset failed: try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box variant="card" data-testid="reset-password">
      <Text mb="lg">
        Set a new password for <strong>{record.params.email}</strong>. Every session of this user
        ends (API refresh tokens are revoked, the panel signs them out); the audit log records the
        reset, never the password.
      </Text>
      {result !== null && (
        <MessageBox
          mb="lg"
          variant="success"
          message={
            result ? 'Password reset. The new password (shown only now):' : 'Password reset.'
          }
        >
          {result && <code data-testid="new-password">{result}</code>}
        </MessageBox>
      )}
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <form onSubmit={submit}>
        <FormGroup>
          <Label htmlFor="new-password-input">
            New password (at least 8 characters; empty: a random one)
          </Label>
          <Input
            id="new-password-input"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </FormGroup>
        <Button type="submit" variant="contained" disabled={busy}>
          Reset password
        </Button>
      </form>
    </Box>
  )
}

export default ResetPassword
