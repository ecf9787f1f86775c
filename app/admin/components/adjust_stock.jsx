import React, { useState } from 'react'
import { ApiClient } from 'adminjs'
import { Box, Button, FormGroup, Input, Label, MessageBox, Text } from '@adminjs/design-system'

const api = new ApiClient()

/**
 * "Adjust stock" (staff), per variant: units added or removed with a
 * reason, run as a stock movement of the chosen variant (a guarded update
 * with its ledger row, audited with the levels before and after). A
 * product without options has one variant, chosen already. The product
 * form never writes stock, so a form opened before a sale cannot undo it.
 */
const AdjustStock = ({ record, resource }) => {
  const [variants, setVariants] = useState(record.variants || [])
  const [variantId, setVariantId] = useState(
    record.variants && record.variants.length ? String(record.variants[0].id) : ''
  )
  const [mode, setMode] = useState('delta')
  const [delta, setDelta] = useState('')
  const [kind, setKind] = useState('adjustment')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(null)
  const [error, setError] = useState(null)

  const chosen = variants.find((variant) => String(variant.id) === variantId)

  const submit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: 'adjustStock',
        data:
          mode === 'set'
            ? { variantId, set: delta, expected: chosen ? String(chosen.stock) : '', reason, kind }
            : { variantId, delta, reason, kind },
      })
      const notice = response.data.notice
      if (notice && notice.type === 'error') {
        setError(notice.message)
      } else {
        if (response.data.record.variants) setVariants(response.data.record.variants)
        setDone(notice ? notice.message : 'Stock adjusted')
        setDelta('')
        setReason('')
      }
    } catch {
      setError('The adjustment failed: try again.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Box variant="card" data-testid="adjust-stock">
      <Text mb="lg">
        <strong>{record.params.name}</strong>
        {chosen
          ? `: ${chosen.stock} in stock${variants.length > 1 ? ` of ${chosen.sku} (${chosen.title})` : ''}`
          : ''}
        . Add units (for example 20) or remove them (for example -3), with a reason; the variant's
        stock ledger and the audit log keep both levels.
      </Text>
      {done && <MessageBox mb="lg" variant="success" message={done} />}
      {error && <MessageBox mb="lg" variant="danger" message={error} />}
      <form onSubmit={submit}>
        {variants.length > 1 && (
          <FormGroup>
            <Label htmlFor="stock-variant">Variant</Label>
            <select
              id="stock-variant"
              name="variantId"
              value={variantId}
              onChange={(event) => setVariantId(event.target.value)}
            >
              {variants.map((variant) => (
                <option key={variant.id} value={String(variant.id)}>
                  {variant.sku} ({variant.title}): {variant.stock}
                </option>
              ))}
            </select>
          </FormGroup>
        )}
        <FormGroup>
          <Label htmlFor="stock-mode">Change</Label>
          <select
            id="stock-mode"
            name="mode"
            value={mode}
            onChange={(event) => setMode(event.target.value)}
          >
            <option value="delta">Add or remove units</option>
            <option value="set">Set to a counted level</option>
          </select>
        </FormGroup>
        <FormGroup>
          <Label htmlFor="stock-delta">
            {mode === 'set' ? 'Counted stock' : 'Units to add (negative to remove)'}
          </Label>
          <Input
            id="stock-delta"
            name="delta"
            inputMode="numeric"
            value={delta}
            onChange={(event) => setDelta(event.target.value)}
          />
        </FormGroup>
        <FormGroup>
          <Label htmlFor="stock-kind">Kind</Label>
          <select
            id="stock-kind"
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value)}
          >
            <option value="adjustment">Adjustment</option>
            <option value="return">Return</option>
          </select>
        </FormGroup>
        <FormGroup>
          <Label htmlFor="stock-reason">Reason</Label>
          <Input
            id="stock-reason"
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </FormGroup>
        <Button type="submit" variant="contained" disabled={busy}>
          Adjust stock
        </Button>
      </form>
    </Box>
  )
}

export default AdjustStock
