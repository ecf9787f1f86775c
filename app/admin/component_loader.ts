import { ComponentLoader } from 'adminjs'

/**
 * Custom React components of the panel, bundled by AdminJS at boot.
 */
const componentLoader = new ComponentLoader()

export default componentLoader
