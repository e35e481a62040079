/** The 404 of an unknown or expired invitation: ./layout.tsx around it says which. */
export default function InvitationNotFound() {
  return null;
}
