graph [
  directed 1
  node [
    id 0
    label "alice"
  ]
  node [
    id 1
    label "bob"
  ]
  node [
    id 2
    label "carol"
  ]
  edge [
    source 0
    target 1
  ]
  edge [
    source 1
    target 2
  ]
  edge [
    source 2
    target 0
  ]
]
